"""The seed programmes, modelled with the public API of :mod:`itaproj`, one module per programme.

Each module reads as documentation of how to model a real programme: every value comes from
the seed text (the project's source press releases) in its own language (the original of every
:class:`~itaproj.LocalizedText`), with Ukrainian, Russian and English translations so a report
reads fully in each, and every fact the seed does not state is left empty rather than invented.

* :mod:`examples.organisations`: the organisations, shared by every programme that names them.
* :mod:`examples.m4eg`: Mayors for Economic Growth (seed ``000``, Russian).
* :mod:`examples.promis`: PROMIS, Partnership for the Development of Cities (seed ``001``, Ukrainian).
* :mod:`examples.auc`: U-LEAD with Europe and its child, the AUC project (seed ``002``, Ukrainian).
* :mod:`examples.kz_regional`: Regional Development of Kazakhstan (seed ``003``, Russian).
* :mod:`examples.clir`: SURGe and its child, the CLIR initiative (seed ``004``, Ukrainian).
* :mod:`examples.build`: assembles the catalogue and writes ``examples/catalogue.json``.

Run ``python -m examples.build`` from the repository root to rewrite the JSON files.
"""
