"""The window's export and send parts: PDF preview and print, Excel export, the Send dialog."""
