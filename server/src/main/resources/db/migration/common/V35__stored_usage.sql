-- How many bytes each user stores (all versions of all their files, the trash included), kept
-- in the user's row instead of summed over file_versions on every upload. The sum ran inside the
-- owner's row lock, which every upload of that user waits for, and grew with the number of
-- versions: with a few thousand versions it was a third of the server's CPU under 32 clients
-- uploading (docs/PERFORMANCE.md). FileRepository changes it in the same transaction as the
-- versions it counts, after locking the owner's row.

alter table users add column used_bytes bigint default 0 not null;

update users set used_bytes = (
	select coalesce(sum(v.size), 0) from file_versions v join files f on f.id = v.file_id
	where f.owner_id = users.id);
