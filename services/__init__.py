"""newsstream: real-time news intelligence on Kafka."""
