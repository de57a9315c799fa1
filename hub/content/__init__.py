"""Content of every site: news, pages, legal documents, procedures, leaders' schedule,
disclosures; categories, menus, people; attachments and revisions."""
