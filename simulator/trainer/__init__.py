"""What a trainer does with recorded sessions: replay them, send a report, measure agreement."""
