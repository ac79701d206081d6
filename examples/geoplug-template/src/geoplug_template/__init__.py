"""geoplug-template: a third-party geoplug plugin to copy and rename.

It registers two datasets through the ``geoplug`` entry point (``pyproject.toml``):
``template_scenes`` (:class:`~geoplug_template.scenes.TemplateScenes`, a ``RasterDataset``)
and ``template_chips`` (:class:`~geoplug_template.chips.TemplateChips`, class-per-folder
chips with download). Their facts live once, in :mod:`geoplug_template.plugin`.
"""
