"""Agreement files: CSV and XLSX in the import format (``formats``), and what their cells
mean (``rows``).
"""
