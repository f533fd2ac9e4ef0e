"""A local news site for the tests and the demo: `newsstream fixture-site`."""
