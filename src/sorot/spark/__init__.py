"""Scale out: the single-machine pipeline run as an Apache Spark job, writing the store's tables as Parquet.

``worker`` holds the per-partition work in plain Python (the same readers, ``process_items`` and
``document_rows`` as ``sorot ingest``), ``job`` the Spark plan, ``parquet_store`` the DuckDB view
of the output (no pyspark needed to read it) and ``commands`` the CLI (``sorot spark run``,
``sorot import-parquet``).
"""
