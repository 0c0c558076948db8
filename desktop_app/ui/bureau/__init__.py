"""The bureau-mode window (区教体局汇总): register, import, 报送情况 and 汇总. Separate from the school window."""
