-- A request link drops what it receives into a folder its owner chose; null is the owner's top
-- folder (as for every link made before this). No foreign key: the folder may be deleted or put
-- in the trash while the link is open, and then files go to the top folder (StagedFiles).

alter table file_requests add folder_id varchar(36);
