alert("replaced")
