"""One local Ray runtime for the Ray tests: 2 CPUs, no dashboard, usage stats off, offline."""

import pytest


@pytest.fixture(scope="session")
def ray_runtime():
    pytest.importorskip("ray")
    from pockettune.scale.runtime import init_ray

    ray = init_ray("local", num_cpus=2)
    yield ray
    ray.shutdown()
