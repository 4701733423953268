-- Resumable uploads through request links (the public drop box, sharing.requests): a sender's
-- large file arrives over several requests like a signed-in user's (V32). Such an upload is
-- held by the request link it was started through (request_id) instead of a user (user_id,
-- made nullable per database in V33.1): exactly one of the two is set. Whoever holds the link
-- and the upload's address goes on with it; the link's limits are checked when it starts and
-- again when it completes and becomes a received file.
alter table resumable_uploads add request_id varchar(36);

alter table resumable_uploads add constraint resumable_uploads_request_fk foreign key (request_id)
	references file_requests (id) on delete cascade;

alter table resumable_uploads add constraint resumable_uploads_holder_ck
	check ((user_id is null and request_id is not null) or (user_id is not null and request_id is null));

create index resumable_uploads_request_ix on resumable_uploads (request_id);

-- Who is sending it, as they typed it on the form (the columns of received_files): recorded
-- with the received file when the upload completes, gone with the upload otherwise.
create table request_upload_senders (
	upload_id    varchar(36)   not null,
	sender_name  varchar(100)  not null,
	sender_email varchar(254)  not null,
	message      varchar(2000),
	constraint request_upload_senders_pk primary key (upload_id),
	constraint request_upload_senders_upload_fk foreign key (upload_id) references resumable_uploads (id)
		on delete cascade
);
