"""Text → motion plan → track: the description is read into an editable `protocols.motion_plan.MotionPlan`
(clauses, sequencing, counts, sides, speed and size words, and each clause's action and emotion by meaning),
and a plan is turned into a FLAME track."""
