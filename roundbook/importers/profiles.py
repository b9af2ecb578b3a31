"""Find the profile a name in the input stands for, or plan a new one.

An entity is matched, in this order, by
1. its own page (a Crunchbase URL) among the sources of a profile: what an earlier import wrote;
2. the name, native name, an alias or a former name of a profile, ignoring case and spacing;
3. the slug its name makes, among the profiles that existed before the import.
More than one profile at the same step is a problem to settle by hand, never a pick.

A new profile's slug is made from the name (transliterated: 月之暗面 gives yue-zhi-an-mian).
When two new profiles would get the same slug, the second gets `-2` (then `-3`, …) and the
report says so; its name then finds it on the next run (step 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roundbook.edit.slugs import slug_from_name
from roundbook.importers.rows import Entity
from roundbook.load.files import FOLDER_OF_KIND
from roundbook.reserved import reserved_slug


def folded(name: str) -> str:
    """A name as it is compared: case and spacing do not count."""
    return " ".join(name.casefold().split())


@dataclass
class Profile:
    """A profile of the content."""

    slug: str
    kind: str  # organization or person
    name: str
    path: str
    keys: set[str] = field(default_factory=set)  # the input's ids that were matched to it


@dataclass(kw_only=True)
class NewProfile(Profile):
    """A profile the import would create."""

    role: str  # company or investor, which sets the default kind
    entity: Entity  # what the input says about it
    source: dict | None = None  # the source it cites


@dataclass
class Match:
    profile: Profile
    how: str  # by its page, by name, by alias, by former name, by slug, or created
    notice: str | None = None


@dataclass
class Refused:
    """Why a name can stand for no profile: a problem to settle by hand."""

    problem: str


class ProfileIndex:
    """The profiles of the content, and those the import adds, to match names against."""

    def __init__(self, checked, content_dir: str):
        self.content_dir = content_dir
        self.profiles: dict[str, Profile] = {}
        self.by_url: dict[str, set[str]] = {}
        self.by_name: dict[str, dict[str, str]] = {}  # folded name -> {slug: how}
        for kind, entries in (("organization", checked.organizations), ("person", checked.people)):
            for slug, entry in entries.items():
                record = entry.record
                self.profiles[slug] = Profile(slug, kind, record.get("name", slug), entry.path)
                for source in record.get("sources", []):
                    if "url" in source:
                        self.by_url.setdefault(str(source["url"]), set()).add(slug)
                self._add_names(slug, record)
        self.created: list[NewProfile] = []

    def _add_name(self, name: str, slug: str, how: str) -> None:
        self.by_name.setdefault(folded(name), {}).setdefault(slug, how)

    def _add_names(self, slug: str, record) -> None:
        for key, how in (("name", "by name"), ("native_name", "by native name")):
            if key in record:
                self._add_name(record[key], slug, how)
        for key, how in (("aliases", "by alias"), ("former_names", "by former name")):
            for name in record.get(key, []):
                self._add_name(name, slug, how)

    def _one(self, candidates: dict[str, str], entity: Entity) -> Match | Refused | None:
        if not candidates:
            return None
        if len(candidates) > 1:
            listed = ", ".join(f"{self.profiles[slug].path} ({how})" for slug, how in sorted(candidates.items()))
            return Refused(
                f"'{entity.name}' matches more than one profile: {listed}; give each its own name, alias or former name"
            )
        slug, how = next(iter(candidates.items()))
        return Match(self.profiles[slug], how)

    def find(self, entity: Entity) -> Match | Refused | None:
        if entity.identity and entity.identity in self.by_url:
            found = self._one(dict.fromkeys(self.by_url[entity.identity], "by its page"), entity)
            if found:
                return found
        found = self._one(self.by_name.get(folded(entity.name), {}), entity)
        if found:
            return found
        slug = slug_from_name(entity.name)
        if slug in self.profiles and not isinstance(self.profiles[slug], NewProfile):
            return Match(self.profiles[slug], "by slug")
        return None

    def resolve(self, entity: Entity, role: str) -> Match | Refused:
        """The profile for `entity` (role: company or investor), matched or planned."""
        found = self.find(entity)
        if isinstance(found, Refused):
            return found
        if found is not None:
            profile = found.profile
            # Another entry of the input (another Crunchbase uuid) was matched to it by name before.
            namesake = bool(
                entity.key and profile.keys and entity.key not in profile.keys and found.how != "by its page"
            )
            if namesake and isinstance(profile, NewProfile):
                return self._create(entity, role, namesake_of=profile)
            if role == "company" and profile.kind != "organization":
                return Refused(
                    f"company '{entity.name}' matches {profile.path}, a person; a round belongs to an organization"
                )
            if entity.person and profile.kind != "person" and found.how != "by its page":
                return Refused(f"'{entity.name}' is a person in the input, but matches {profile.path}, an organization")
            if entity.key:
                profile.keys.add(entity.key)
            if namesake:
                found.notice = (
                    f"'{entity.name}' matched {profile.path} {found.how}, as did another entry of the "
                    "input with the same name; check they are the same"
                )
            elif found.how not in ("by name", "by its page"):
                found.notice = f"'{entity.name}' matched {profile.path} {found.how}"
            return found
        return self._create(entity, role)

    def _create(self, entity: Entity, role: str, namesake_of: Profile | None = None) -> Match | Refused:
        base = slug_from_name(entity.name)
        if not base:
            return Refused(
                f"cannot make a slug from the name '{entity.name}'; add its profile first "
                "(roundbook new company NAME --slug SLUG) and give it this name as an alias"
            )
        slug, number = base, 1
        while slug in self.profiles or reserved_slug(slug):  # `Index` becomes index-2: index is the listing's
            number += 1
            slug = f"{base}-{number}"
        kind = "person" if entity.person and role != "company" else "organization"
        profile = NewProfile(
            slug,
            kind,
            entity.name,
            f"{self.content_dir}/{FOLDER_OF_KIND[kind]}/{slug}.yml",
            role=role,
            entity=entity,
        )
        if entity.key:
            profile.keys.add(entity.key)
        self.profiles[slug] = profile
        self._add_name(entity.name, slug, "by name")
        if entity.identity:
            self.by_url.setdefault(entity.identity, set()).add(slug)
        self.created.append(profile)
        match = Match(profile, "created")
        if slug != base and base not in self.profiles:
            match.notice = (
                f"the slug '{base}' is reserved for the folder's own list; '{entity.name}' gets {profile.path}"
            )
        elif slug != base:
            taken = self.profiles[base]
            why = "another entry of the input with the same name" if namesake_of else f"'{taken.name}'"
            match.notice = f"the slug '{base}' is taken by {taken.path} ({why}); '{entity.name}' gets {profile.path}"
        return match
