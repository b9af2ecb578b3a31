// The two scripts Material writes into every page (partials/javascripts/base.html and
// palette.html of mkdocs-material 9.7.6, the same code), loaded once from here instead: about
// 1 KB of each page. Loaded in the head, so both are defined before anything is drawn;
// roundbook/theme/partials/javascripts/palette.html calls __md_palette() where Material's own
// palette script ran, right after the toggle, before the page is shown.

// Material's helpers for what it keeps in the browser's storage, keyed by the site's root:
// Material computes it from the page's base_url; this file is in assets/, one level below it.
__md_scope=new URL("..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};

// The palette the reader chose (dark or light), put on <body> before the page is drawn.
function __md_palette(){var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}}
