"""Reading and checking a case: from a YAML file to the validated, immutable model.

``loader`` is the way in (``load_case``, ``check_case``); ``yamlsafe`` reads YAML strictly;
``schema`` describes the format once (and exports its JSON Schema); ``loading`` holds the
checks, one module each; ``model`` is the immutable case; ``conditions`` the safe condition
language; ``names`` what a condition may read; ``library`` finds built-in and given cases;
``catalog`` caches the summaries the case library lists.
"""
