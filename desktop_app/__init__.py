"""学校工作报送 (School Reporting): a desktop app for schools reporting to the district bureau."""

__version__ = "0.1.0"
