"""Terminal output (rich): the call as it happens, scorecards, lists."""
