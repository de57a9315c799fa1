"""Publication deadlines: the working-day calendar, the rules of the regulation, quotas."""
