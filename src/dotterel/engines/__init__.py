"""Batch engines that code many articles: ``local`` (all cores of this machine, writing straight
into an event store) and ``dask`` (a ``dask.distributed`` cluster, writing Parquet shards).

Import the engine you need (``dotterel.engines.local``, ``dotterel.engines.dask``); this package
imports neither, so loading one never pulls in the other's dependencies. ``dotterel.engines.fake``
holds the model-free test double of the coder.
"""
