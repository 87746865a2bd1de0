"""Word pools for the synthetic knowledge bases (benchmarks only, never shipped as data).

The pools are invented or generic: names are built from syllables so no real person is
attributed a fake paper, and the venues are real journal names used only as labels of
obviously synthetic entries (their DOIs use Crossref's example prefix 10.5555).
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYLLABLES = _words(
    "ba ber bo dan del di fa fen gor ha hel ka kin ko la len lo ma mer mo na nel no pa per "
    "ri ro sa sel so ta ten to va vel wa win za zel"
)

GIVEN = _words(
    "Ada Alan Ana Bea Ben Carl Chen Dara Eli Emma Farah Femi Gil Hana Ian Ines Jae Jun Kai "
    "Kira Lea Li Luis Mara Mei Mina Nico Noor Omar Ola Pia Raj Rosa Sam Sara Tao Uma Vera Wei "
    "Yara Yuki Zoe"
)

VENUES = (
    "Nature", "Science", "Neuron", "Neural Computation", "Nature Neuroscience", "eLife",
    "PLOS Computational Biology", "Journal of Neuroscience", "Nature Communications",
    "Proceedings of the National Academy of Sciences", "Cerebral Cortex",
    "Trends in Neurosciences", "Trends in Cognitive Sciences", "Nature Reviews Neuroscience",
    "Current Opinion in Neurobiology", "Journal of Computational Neuroscience",
    "Frontiers in Computational Neuroscience", "Biological Cybernetics", "Neural Networks",
    "Physical Review E", "Advances in Neural Information Processing Systems",
    "International Conference on Learning Representations",
    "International Conference on Machine Learning", "Cognitive Science",
    "Psychological Review", "Annual Review of Neuroscience", "Hippocampus",
    "Journal of Neurophysiology", "Network: Computation in Neural Systems", "Scientific Reports",
)  # fmt: skip

ADJECTIVES = _words(
    "adaptive biologically-plausible cortical dendritic distributed dynamic efficient emergent "
    "hierarchical local modular neuromorphic predictive probabilistic recurrent robust sparse "
    "spiking stochastic structured temporal unsupervised variational latent continual "
    "self-supervised balanced inhibitory excitatory oscillatory compositional"
)

NOUNS = _words(
    "plasticity credit-assignment representations dynamics attractors memory inference "
    "learning coding circuits synapses dendrites oscillations populations manifolds "
    "prediction-errors eligibility-traces replay consolidation navigation decision-making "
    "attention priors generalization abstraction embeddings motifs receptive-fields "
    "place-cells grid-cells dopamine feedback"
)

SYSTEMS = (
    "the hippocampus", "visual cortex", "prefrontal cortex", "the basal ganglia",
    "the cerebellum", "songbirds", "recurrent networks", "spiking networks",
    "deep networks", "the olfactory system", "motor cortex", "the retina", "mice",
    "primates", "humans", "artificial agents", "neuromorphic hardware", "transformers",
)  # fmt: skip

METHODS = (
    "Gradient estimation", "Feedback alignment", "Predictive coding", "Hebbian learning",
    "Contrastive learning", "Meta-learning", "Temporal-difference learning",
    "Surrogate gradients", "Energy-based models", "Normative models", "Attractor networks",
    "Population decoding", "Dimensionality reduction", "Three-factor rules",
)  # fmt: skip

TEMPLATES = (
    "{Adj} {noun} in {system}",
    "{Method} for {noun} in {system}",
    "A {adj} model of {noun} in {system}",
    "{Noun} and {noun2} in {adj} {system_bare}",
    "How {system} learns {adj} {noun}",
    "{Method} explains {noun} in {system}",
    "On the role of {noun} in {adj} {noun2}",
    "{Noun} as {adj} inference: evidence from {system}",
    "Toward a theory of {adj} {noun}",
    "{Method} with {adj} {noun}",
)

SENTENCES = (
    "The authors propose an account of {noun} in {system} and test it against recordings.",
    "A {adj} model reproduces the {noun} observed in {system} without fine tuning.",
    "The work links {noun} to {noun2}, arguing that both follow from one learning rule.",
    "Simulations show that {method} scales to large networks when {noun} is {adj}.",
    "The key equation is $\\Delta w_{{ij}} = \\eta\\, x_j (y_i - \\hat y_i)$, a local rule.",
    "Experiments in {system} confirm the prediction that {noun} precedes {noun2}.",
    "The paper reviews decades of results on {noun} and proposes open questions.",
    "Unlike earlier models, the circuit uses {adj} units and needs no weight transport.",
    "A theoretical analysis bounds the capacity of {noun} as the network grows.",
    "The results suggest that {system} uses {method} to support {noun2}.",
)

TYPES = (
    ("article", 55), ("inproceedings", 20), ("preprint", 14), ("chapter", 3), ("book", 2),
    ("blog", 2), ("thesis", 1), ("report", 1), ("course", 1), ("misc", 1),
)  # fmt: skip
