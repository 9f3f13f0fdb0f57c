"""A training session: drive the runtime from a trainee input, record everything, score at the end."""
