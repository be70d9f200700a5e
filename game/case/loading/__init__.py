"""Loading a case: from a strict YAML tree to the validated, immutable model.

The public entry points are :mod:`game.case.loader` (cases), :mod:`game.case.yamlsafe`
(strict YAML) and :mod:`game.case.schema` (the format and its JSON Schema).  The
steps, one module each:

* :mod:`~game.case.loading.yamlnodes` and :mod:`~game.case.loading.yamlevents`: the node
  tree, and building it from the parser's events;
* :mod:`~game.case.loading.schema_types` and :mod:`~game.case.loading.json_export`: the
  vocabulary the format is described in, and its JSON Schema form;
* :mod:`~game.case.loading.report`: collecting diagnostics;
* :mod:`~game.case.loading.scalars`: reading a scalar as text, number or boolean, strictly;
* :mod:`~game.case.loading.shape` and :mod:`~game.case.loading.checked`: checking the tree
  against :mod:`game.case.schema`, and the checked values it gives;
* :mod:`~game.case.loading.namespaces`: the ids a case declares, reserved names and clashes;
* :mod:`~game.case.loading.expressions`: conditions and effects;
* :mod:`~game.case.loading.meters`, :mod:`~game.case.loading.flow`, :mod:`~game.case.loading.actions`,
  :mod:`~game.case.loading.rubric`: building each part of the model;
* :mod:`~game.case.loading.assemble`: every check in order, then the :class:`~game.case.model.Case`.
"""
