"""Sample questions with the reading each must get, in English, Hindi and romanized Hindi."""
