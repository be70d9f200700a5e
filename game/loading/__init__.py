"""Loading a case: from a strict YAML tree to the validated, immutable model.

The public entry points are :mod:`game.loader` (cases), :mod:`game.yamlsafe`
(strict YAML) and :mod:`game.schema` (the format and its JSON Schema).  The
steps, one module each:

* :mod:`~game.loading.yamlnodes` and :mod:`~game.loading.yamlevents`: the node
  tree, and building it from the parser's events;
* :mod:`~game.loading.schema_types` and :mod:`~game.loading.json_export`: the
  vocabulary the format is described in, and its JSON Schema form;
* :mod:`~game.loading.report`: collecting diagnostics;
* :mod:`~game.loading.scalars`: reading a scalar as text, number or boolean, strictly;
* :mod:`~game.loading.shape` and :mod:`~game.loading.checked`: checking the tree
  against :mod:`game.schema`, and the checked values it gives;
* :mod:`~game.loading.namespaces`: the ids a case declares, reserved names and clashes;
* :mod:`~game.loading.expressions`: conditions and effects;
* :mod:`~game.loading.meters`, :mod:`~game.loading.flow`, :mod:`~game.loading.actions`,
  :mod:`~game.loading.rubric`: building each part of the model;
* :mod:`~game.loading.assemble`: every check in order, then the :class:`~game.model.Case`.
"""
