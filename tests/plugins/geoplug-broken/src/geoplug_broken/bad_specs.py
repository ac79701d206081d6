from geoplug.core.plugins import hookimpl


@hookimpl
def geoplug_datasets():
    return [
        {"name": "Bad Name!", "target": "nowhere", "task": "classification"},
        {"name": "no_task_given", "target": "geoplug_broken.bad_specs:X"},
        # a valid entry from the same plugin is kept
        {"name": "broken_but_valid", "target": "geoplug_broken.bad_specs:NotThere",
         "task": "segmentation"},
    ]
