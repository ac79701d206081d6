"""Any-sensor and multi-modal foundation models (DOFA, Panopticon, Copernicus-FM, CROMA,
Scale-MAE, Prithvi-EO-2.0), each implemented from its paper and its publisher's checkpoint
layout.

Nothing is imported here: the registry reaches each builder by its import string, so listing
models never imports torch.
"""
