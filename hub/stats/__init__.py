"""Visitor statistics (thống kê truy cập): page views per item and per site."""
