"""Scaling out on Ray: the bench grid's cells, and many users' personalization rounds.

One device personalizing for one user stays the default and needs none of this. Ray is the
optional extra ``pip install -e '.[ray]'``; without it the same commands run serially.
``ray_bench`` runs ``pockettune bench --ray``; ``fleet`` runs ``pockettune fleet``;
``runtime`` starts or joins Ray offline and holds per-worker state.
"""
