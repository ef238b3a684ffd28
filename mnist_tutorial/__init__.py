"""The MNIST tutorial of Haskell's backprop, ported: ``python -m mnist_tutorial``.

A 784-300-100-10 classifier (logistic hidden layers, softmax output,
cross-entropy error) whose parameters are a frozen dataclass reached through
typed lenses, and whose gradient the library derives. Modules: ``data``
(IDX reader, scikit-learn fallback), ``model`` (the network over BVars),
``manual`` (the same gradient by hand), ``train`` (the loop, on
``backprop.learn.train``), ``parallel`` (a Dask cluster), ``plot``.

>>> import numpy as np
>>> from mnist_tutorial import init_network, weight1
>>> weight1.get()(init_network((784, 300, 100, 10), np.random.default_rng(0))).shape
(784, 300)
"""

from .model import Network as Network
from .model import bias1 as bias1
from .model import bias2 as bias2
from .model import bias3 as bias3
from .model import init_network as init_network
from .model import weight1 as weight1
from .model import weight2 as weight2
from .model import weight3 as weight3

__all__ = ["Network", "init_network", "bias1", "bias2", "bias3", "weight1", "weight2", "weight3"]
