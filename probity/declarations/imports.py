"""Spreadsheet imports (declarants; declarations with their items) are registered here."""
