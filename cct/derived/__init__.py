"""What `cct db upgrade` derives from records by code (slot "db.upgraded": the search keys the press office, the
chancery and the knowledge base compute with this version's Polish analysis) is computed again only when the code
that computes it may have changed. The fingerprint of the code an upgrade did it with is kept (models); an upgrade by
the same code skips the work (operations). `scripts/start` runs `cct db upgrade` at every start: keying 100,000
searched queries again took 18 s of it each time (bench/kb_rekey.py), though only an update can change a key."""
