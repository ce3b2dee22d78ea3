"""The working languages the portal starts with (participants 0012 seeds a frozen copy; the demo
data brings a database that lost them, e.g. after a flush, back to this list)."""

# (code, English, Traditional Chinese, Simplified Chinese)
WORKING_LANGUAGES = [
    ("en", "English", "英語", "英语"),
    ("cmn", "Putonghua", "普通話", "普通话"),
    ("yue", "Cantonese", "廣東話", "广东话"),
    ("fr", "French", "法語", "法语"),
    ("es", "Spanish", "西班牙語", "西班牙语"),
    ("ja", "Japanese", "日語", "日语"),
    ("ko", "Korean", "韓語", "韩语"),
    ("de", "German", "德語", "德语"),
    ("pt", "Portuguese", "葡萄牙語", "葡萄牙语"),
    ("ar", "Arabic", "阿拉伯語", "阿拉伯语"),
    ("ru", "Russian", "俄語", "俄语"),
]
