-- A feature flag as a script: the example plugin is on for administrators only, for as long as
-- this script is loaded (delete the file and everyone has it again). Everyone else gets 404 from
-- its routes, its hooks skip them, and GET /api/features shows it off for them.
campfire.flags.rule("example", {roles = {"administrator"}})
