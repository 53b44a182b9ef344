"""nbgrader's settings for the course in this folder.  Run every nbgrader command from here
(classroom/); README.md in this folder gives the commands."""

c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "backprop-series"
# A cell may run up to two minutes when grading (importing torch alone takes several seconds).
c.Execute.timeout = 120
# Hand-ins collected by folder (an LMS download, a shared drive, e-mail): each student's notebook saved
# as <student>_<notebook>.ipynb, for example alice_backprop.ipynb, in downloaded/<assignment>/archive/
# (zip files of such notebooks too); `nbgrader zip_collect <assignment>` files them under submitted/.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[A-Za-z0-9-]+)_(?P<file_id>[^/]+\.ipynb)$"
