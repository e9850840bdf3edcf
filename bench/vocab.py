"""Word and phrase banks for the benchmark archive generator.

Data only: invented Vietnamese words, names and sentence templates with full
diacritics, written for this benchmark (no copied articles). Templates use
``str.format`` fields that ``prose.py`` fills per sentence:

``{place}`` dateline place, ``{org}``/``{org2}`` organisations as written,
``{person}`` first mention of a person with position, ``{who}`` a later
mention ("ông Hùng"), ``{topic}``/``{topic2}`` the article's subjects,
``{group}`` people affected, ``{num}`` (small), ``{count}`` (large), ``{pct}``, ``{money}`` figures,
``{goal}``, ``{result}``, ``{challenge}``, ``{measure}``, ``{quality}``,
``{when}`` a time phrase, ``{year}``.
"""

FAMILY_NAMES: list[tuple[str, int]] = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5),
    ("Huỳnh", 4), ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2),
    ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lâm", 1), ("Mai", 1),
    ("Tạ", 1), ("Cao", 1), ("Hà", 1), ("Lương", 1), ("Trịnh", 1),
    ("Đoàn", 1), ("Quách", 1), ("Chu", 1), ("Kiều", 1), ("Thái", 1),
    ("La", 1), ("Tô", 1), ("Vương", 1), ("Triệu", 1), ("Lưu", 1),
    ("Nông", 1), ("Khúc", 1), ("Lại", 1), ("Âu", 1), ("Đàm", 1),
]

MIDDLE_NAMES_MALE = [
    "Văn", "Hữu", "Đức", "Quốc", "Công", "Đình", "Minh", "Quang", "Thanh",
    "Xuân", "Trọng", "Bá", "Tiến", "Mạnh", "Anh", "Hoàng", "Duy", "Tuấn",
    "Ngọc", "Gia", "Thế", "Việt", "Khắc", "Chí", "Hồng",
]

MIDDLE_NAMES_FEMALE = [
    "Thị", "Thu", "Ngọc", "Hồng", "Kim", "Thanh", "Minh", "Thùy", "Bích",
    "Phương", "Mỹ", "Hoài", "Diệu", "Tuyết", "Lan", "Hải", "Khánh", "Mai",
    "Quỳnh", "Bảo",
]

# "Hòa", "Thủy", "Thúy", "Thụy" and friends have an old-style spelling
# ("Hoà", "Thuỷ") that articles sometimes use: see TONE_VARIANTS.
GIVEN_NAMES_MALE = [
    "Hùng", "Dũng", "Tuấn", "Nam", "Bình", "Cường", "Long", "Sơn", "Hải",
    "Quân", "Thắng", "Huy", "Hiếu", "Trung", "Vinh", "Thành", "Khoa",
    "Toàn", "Đạt", "Phúc", "Lộc", "Thịnh", "Tú", "Hòa", "Minh", "Khải",
    "Kiên", "Luân", "Nghĩa", "Phong", "Quý", "Tài", "Tùng", "Việt", "Vũ",
    "Bảo", "Chiến", "Đông", "Giang", "Hậu", "Hiển", "Hưng", "Khang",
    "Lực", "Mạnh", "Nhân", "Quyết", "Sang", "Thuận", "Trí", "Trường",
    "Tường", "Thụy", "Điệp", "Khôi", "Lợi", "Thủy", "Tiến", "Vượng",
]

GIVEN_NAMES_FEMALE = [
    "Lan", "Hương", "Hà", "Phương", "Thảo", "Trang", "Linh", "Yến", "Nga",
    "Hoa", "Loan", "Hạnh", "Nhung", "Thúy", "Quỳnh", "Uyên", "Vy", "Oanh",
    "Thủy", "Mai", "Hằng", "Huyền", "Liên", "Ngân", "Nhàn", "Nhi", "Tâm",
    "Thư", "Trinh", "Vân", "Xuân", "Ánh", "Châu", "Diệp", "Hiền", "Hồng",
    "Khuê", "Lệ", "Ly", "My", "Ngọc", "Nguyệt", "Phượng", "Sen", "Tuyết",
    "Thoa", "Hòa", "Duyên", "Dung", "Chi", "Bích", "Thụy", "Hoài",
]

# Syllables written with the tone mark on either vowel ("Hòa"/"Hoà").
# Both directions are listed so a respelling always has an alternative.
TONE_VARIANTS: dict[str, str] = {
    "Hòa": "Hoà", "Hóa": "Hoá", "Hỏa": "Hoả", "Tòa": "Toà", "Thủy": "Thuỷ",
    "Thúy": "Thuý", "Thụy": "Thuỵ", "Ủy": "Uỷ", "ủy": "uỷ", "hóa": "hoá",
    "hòa": "hoà", "Khỏe": "Khoẻ", "khỏe": "khoẻ", "Xòe": "Xoè",
}
TONE_VARIANTS.update({old: new for new, old in list(TONE_VARIANTS.items())})

# (kind, name): "tỉnh Lâm Đồng", "thành phố Đà Nẵng".
PROVINCES: list[tuple[str, str]] = [
    ("thành phố", "Hà Nội"), ("Thành phố", "Hồ Chí Minh"),
    ("thành phố", "Hải Phòng"), ("thành phố", "Đà Nẵng"),
    ("thành phố", "Cần Thơ"), ("thành phố", "Huế"),
    ("tỉnh", "Lâm Đồng"), ("tỉnh", "Nghệ An"), ("tỉnh", "Thanh Hóa"),
    ("tỉnh", "Quảng Ninh"), ("tỉnh", "Bắc Ninh"), ("tỉnh", "Thái Bình"),
    ("tỉnh", "Nam Định"), ("tỉnh", "Hà Tĩnh"), ("tỉnh", "Quảng Bình"),
    ("tỉnh", "Quảng Trị"), ("tỉnh", "Quảng Nam"), ("tỉnh", "Quảng Ngãi"),
    ("tỉnh", "Bình Định"), ("tỉnh", "Phú Yên"), ("tỉnh", "Khánh Hòa"),
    ("tỉnh", "Ninh Thuận"), ("tỉnh", "Bình Thuận"), ("tỉnh", "Đắk Lắk"),
    ("tỉnh", "Gia Lai"), ("tỉnh", "Kon Tum"), ("tỉnh", "Đắk Nông"),
    ("tỉnh", "Bình Dương"), ("tỉnh", "Đồng Nai"), ("tỉnh", "Long An"),
    ("tỉnh", "Tiền Giang"), ("tỉnh", "Bến Tre"), ("tỉnh", "Vĩnh Long"),
    ("tỉnh", "Trà Vinh"), ("tỉnh", "Đồng Tháp"), ("tỉnh", "An Giang"),
    ("tỉnh", "Kiên Giang"), ("tỉnh", "Hậu Giang"), ("tỉnh", "Sóc Trăng"),
    ("tỉnh", "Bạc Liêu"), ("tỉnh", "Cà Mau"), ("tỉnh", "Tây Ninh"),
    ("tỉnh", "Bình Phước"), ("tỉnh", "Lào Cai"), ("tỉnh", "Yên Bái"),
    ("tỉnh", "Hà Giang"), ("tỉnh", "Cao Bằng"), ("tỉnh", "Lạng Sơn"),
    ("tỉnh", "Tuyên Quang"), ("tỉnh", "Thái Nguyên"), ("tỉnh", "Bắc Giang"),
    ("tỉnh", "Phú Thọ"), ("tỉnh", "Vĩnh Phúc"), ("tỉnh", "Hòa Bình"),
    ("tỉnh", "Sơn La"), ("tỉnh", "Điện Biên"), ("tỉnh", "Lai Châu"),
    ("tỉnh", "Hưng Yên"), ("tỉnh", "Hải Dương"), ("tỉnh", "Hà Nam"),
    ("tỉnh", "Ninh Bình"), ("tỉnh", "Bắc Kạn"),
]

DATELINE_TOWNS = [
    "Đà Lạt", "Vinh", "Hạ Long", "Buôn Ma Thuột", "Pleiku", "Quy Nhơn",
    "Nha Trang", "Phan Thiết", "Rạch Giá", "Mỹ Tho", "Long Xuyên",
    "Sa Pa", "Điện Biên Phủ", "Tuy Hòa", "Hội An", "Sầm Sơn", "Cửa Lò",
]

# (full name, short name or ""): bodies that exist in every province.
# "{unit}" is "tỉnh Lâm Đồng"; "{name}" is "Lâm Đồng".
PROVINCIAL_ORGS: list[tuple[str, str]] = [
    ("Ủy ban nhân dân {unit}", "UBND {unit}"),
    ("Ban Dân vận Tỉnh ủy {name}", ""),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {unit}", "Ủy ban MTTQ Việt Nam {unit}"),
    ("Hội Nông dân {unit}", ""),
    ("Hội Liên hiệp Phụ nữ {unit}", "Hội LHPN {unit}"),
    ("Sở Giáo dục và Đào tạo {unit}", "Sở GD&ĐT {unit}"),
    ("Sở Nông nghiệp và Phát triển nông thôn {unit}", "Sở NN&PTNT {unit}"),
    ("Sở Y tế {unit}", ""),
    ("Sở Kế hoạch và Đầu tư {unit}", "Sở KH&ĐT {unit}"),
    ("Sở Văn hóa, Thể thao và Du lịch {unit}", "Sở VH-TT&DL {unit}"),
    ("Bộ Chỉ huy Quân sự {unit}", "Bộ CHQS {unit}"),
    ("Bệnh viện Đa khoa {unit}", "BVĐK {unit}"),
    ("Liên đoàn Lao động {unit}", "LĐLĐ {unit}"),
    ("Công an {unit}", ""),
    ("Hội Cựu chiến binh {unit}", "Hội CCB {unit}"),
]

NATIONAL_ORGS: list[tuple[str, str]] = [
    ("Chính phủ", ""), ("Quốc hội", ""), ("Văn phòng Chính phủ", ""),
    ("Bộ Y tế", ""), ("Bộ Giáo dục và Đào tạo", "Bộ GD&ĐT"),
    ("Bộ Nông nghiệp và Phát triển nông thôn", "Bộ NN&PTNT"),
    ("Bộ Kế hoạch và Đầu tư", "Bộ KH&ĐT"), ("Bộ Tài chính", ""),
    ("Bộ Công Thương", ""), ("Bộ Văn hóa, Thể thao và Du lịch", "Bộ VHTTDL"),
    ("Bộ Tài nguyên và Môi trường", "Bộ TN&MT"),
    ("Bộ Khoa học và Công nghệ", "Bộ KH&CN"), ("Bộ Quốc phòng", ""),
    ("Bộ Công an", ""), ("Bộ Xây dựng", ""),
    ("Bộ Giao thông vận tải", "Bộ GTVT"),
    ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
    ("Tổng cục Thống kê", ""), ("Ban Dân vận Trung ương", ""),
    ("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", "Ủy ban TƯ MTTQ Việt Nam"),
    ("Trung ương Hội Nông dân Việt Nam", ""),
    ("Tổng Liên đoàn Lao động Việt Nam", "Tổng LĐLĐ Việt Nam"),
    ("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Trung ương Đoàn"),
    ("Hội Liên hiệp Phụ nữ Việt Nam", "Hội LHPN Việt Nam"),
]

# (full name, short name): the news agencies; articles name them in `agency`.
AGENCIES: list[tuple[str, str]] = [
    ("Thông tấn xã Việt Nam", "TTXVN"), ("Đài Tiếng nói Việt Nam", "VOV"),
    ("Đài Truyền hình Việt Nam", "VTV"), ("Báo Nhân Dân", ""),
    ("Báo Quân đội nhân dân", "QĐND"),
]
AGENCY_WEIGHTS = [60, 15, 10, 10, 5]

COMPANY_WORDS_A = [
    "Phát triển", "Đầu tư", "Xây dựng", "Thương mại", "Công nghệ", "Nông sản",
    "Dược phẩm", "Thủy sản", "Năng lượng", "Vận tải", "Bảo hiểm", "Cà phê",
    "Dệt may", "Cơ khí", "Điện lực", "Du lịch", "Thực phẩm", "Lâm sản",
]
COMPANY_WORDS_B = [
    "Sao Mai", "Hồng Hà", "Trường Sơn", "Phú Cường", "Tân Tiến", "Hòa Phát",
    "Bình Minh", "Ánh Dương", "Hưng Thịnh", "Đông Á", "Tây Nguyên",
    "Miền Trung", "Cửu Long", "Sông Đà", "Thiên Phú", "An Khang", "Phúc Lộc",
    "Hải Đăng", "Vạn Xuân", "Thăng Long",
]
COMPANY_KINDS = ["Công ty cổ phần", "Tổng công ty", "Công ty TNHH", "Tập đoàn"]

UNIVERSITY_FIELDS = [
    "Bách khoa", "Sư phạm", "Y Dược", "Nông Lâm", "Kinh tế", "Luật",
    "Khoa học Tự nhiên", "Thủy lợi", "Giao thông vận tải", "Văn hóa",
]

# Sections and the subjects their articles are about.
SECTION_TOPICS: dict[str, list[str]] = {
    "Thời sự": [
        "cải cách hành chính", "phòng chống thiên tai", "an toàn giao thông",
        "tiếp xúc cử tri", "giải quyết khiếu nại của công dân",
        "sắp xếp đơn vị hành chính", "phòng cháy chữa cháy",
    ],
    "Xây dựng Đảng": [
        "công tác dân vận", "phong trào dân vận khéo", "xây dựng tổ chức cơ sở đảng",
        "học tập và làm theo tư tưởng Bác Hồ", "công tác kiểm tra giám sát",
        "phát triển đảng viên mới", "bồi dưỡng lý luận chính trị",
    ],
    "Kinh tế": [
        "thu hút đầu tư", "xuất khẩu nông sản", "phát triển doanh nghiệp nhỏ và vừa",
        "giải ngân vốn đầu tư công", "phát triển khu công nghiệp",
        "kinh tế tập thể", "thương mại điện tử",
    ],
    "Xã hội": [
        "giảm nghèo bền vững", "chăm lo người có công", "xóa nhà tạm",
        "giải quyết việc làm", "bảo hiểm xã hội tự nguyện",
        "bảo vệ quyền lợi trẻ em", "bình đẳng giới",
    ],
    "Văn hóa": [
        "bảo tồn di sản văn hóa", "phát triển du lịch cộng đồng",
        "xây dựng đời sống văn hóa ở khu dân cư", "lễ hội truyền thống",
        "bảo tồn nghề truyền thống", "phát triển văn hóa đọc",
    ],
    "Giáo dục": [
        "đổi mới chương trình giáo dục phổ thông", "kỳ thi tốt nghiệp trung học phổ thông",
        "xây dựng trường chuẩn quốc gia", "giáo dục nghề nghiệp",
        "khuyến học khuyến tài", "chuyển đổi số trong giáo dục",
    ],
    "Y tế": [
        "chăm sóc sức khỏe ban đầu", "tiêm chủng mở rộng", "phòng chống sốt xuất huyết",
        "nâng cao chất lượng khám chữa bệnh", "bảo hiểm y tế toàn dân",
        "y tế cơ sở", "an toàn thực phẩm",
    ],
    "Nông nghiệp - Nông thôn": [
        "xây dựng nông thôn mới", "chương trình mỗi xã một sản phẩm",
        "nông nghiệp công nghệ cao", "chuyển đổi cơ cấu cây trồng",
        "phát triển hợp tác xã", "chống khai thác hải sản bất hợp pháp",
        "trồng rừng gỗ lớn",
    ],
    "Khoa học - Công nghệ": [
        "chuyển đổi số", "đổi mới sáng tạo", "chính quyền số",
        "ứng dụng trí tuệ nhân tạo", "bảo đảm an toàn thông tin",
        "khởi nghiệp sáng tạo", "hạ tầng số",
    ],
    "Quốc phòng - An ninh": [
        "xây dựng thế trận quốc phòng toàn dân", "tuyển quân",
        "bảo vệ an ninh biên giới", "phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "diễn tập khu vực phòng thủ", "phòng chống tội phạm ma túy",
    ],
    "Thể thao": [
        "phong trào thể dục thể thao quần chúng", "đại hội thể dục thể thao",
        "giải chạy việt dã", "đào tạo vận động viên trẻ", "giải bóng đá thiếu niên",
    ],
    "Môi trường": [
        "xử lý rác thải sinh hoạt", "ứng phó biến đổi khí hậu",
        "bảo vệ nguồn nước", "giảm thiểu rác thải nhựa", "bảo vệ rừng đầu nguồn",
    ],
}
SECTION_WEIGHTS = [24, 12, 14, 12, 8, 7, 7, 6, 4, 3, 2, 1]

EXTRA_TAGS = [
    "dân vận khéo", "Tết Nguyên đán", "đại hội đảng bộ", "người có uy tín",
    "đồng bào dân tộc thiểu số", "biên giới", "biển đảo", "hạn mặn",
    "mùa mưa bão", "học sinh giỏi", "doanh nhân trẻ", "nông dân sản xuất giỏi",
    "cựu chiến binh", "thanh niên tình nguyện", "hiến máu nhân đạo",
    "quỹ vì người nghèo", "đường giao thông nông thôn", "cải cách hành chính",
    "Ngày Quốc khánh", "kỷ niệm ngày thành lập", "hợp tác quốc tế",
]

PEOPLE_POSITIONS = [
    "Bí thư Tỉnh ủy {name}", "Phó Bí thư Thường trực Tỉnh ủy {name}",
    "Chủ tịch UBND {unit}", "Phó Chủ tịch UBND {unit}",
    "Trưởng ban Dân vận Tỉnh ủy {name}", "Chủ tịch Hội Nông dân {unit}",
    "Giám đốc Sở Y tế {unit}", "Giám đốc Sở Giáo dục và Đào tạo {unit}",
    "Chủ tịch Ủy ban MTTQ Việt Nam {unit}", "Đại biểu Quốc hội đơn vị {unit}",
    "Chủ tịch Hội Liên hiệp Phụ nữ {unit}", "Giám đốc Bệnh viện Đa khoa {unit}",
    "Chỉ huy trưởng Bộ Chỉ huy Quân sự {unit}", "Giám đốc Công an {unit}",
    "Bí thư Huyện ủy {town}", "Chủ tịch UBND xã {town}",
    "Trưởng thôn {town}", "Giám đốc hợp tác xã {town}",
]
NATIONAL_POSITIONS = [
    "Bộ trưởng {ministry}", "Thứ trưởng {ministry}", "Phó Thủ tướng Chính phủ",
    "Phó Chủ tịch Quốc hội", "Trưởng ban Dân vận Trung ương",
    "Phó Trưởng ban Dân vận Trung ương", "Chủ nhiệm Văn phòng Chính phủ",
]
OTHER_POSITIONS = [
    "Giáo sư, Tiến sĩ", "Nghệ nhân ưu tú", "vận động viên đội tuyển quốc gia",
    "Anh hùng Lao động", "nông dân sản xuất giỏi", "nhà nghiên cứu văn hóa",
    "Tổng Giám đốc {company}", "Hiệu trưởng {university}",
]

PERSON_DESCRIPTIONS = [
    "{position}.", "{position}, phụ trách lĩnh vực {topic}.",
    "{position}; trước đó công tác nhiều năm trong lĩnh vực {topic}.",
    "{position}. Quê ở {home}.",
]

TIME_OF_DAY = ["Sáng", "Chiều", "Tối", "Trưa"]

# Opening sentences: the lede; {when} is "Sáng 12/3".
LEDE_TEMPLATES = [
    "{when}, tại {place}, {org} tổ chức hội nghị tổng kết {topic} năm {year} và triển khai nhiệm vụ năm tiếp theo.",
    "{when}, {org} phối hợp với {org2} tổ chức lễ ra quân {topic} trên địa bàn {place}.",
    "{when}, đoàn công tác của {org} do {person} làm trưởng đoàn đã làm việc tại {place} về {topic}.",
    "{when}, tại {place}, {org} tổ chức hội thảo khoa học bàn giải pháp nâng cao hiệu quả {topic}.",
    "{when}, {org} công bố kết quả {topic} sau {num} tháng triển khai tại {place}.",
    "{when}, {place} đã khánh thành công trình phục vụ {topic} với tổng kinh phí {money}.",
    "{when}, {org} tổ chức lễ ký kết chương trình phối hợp thực hiện {topic} giai đoạn {year}-{year_next}.",
]

BODY_TEMPLATES = [
    "Theo báo cáo của {org}, trong năm qua toàn {place} đã {result}, vượt {pct} so với kế hoạch đề ra.",
    "Công tác {topic} được triển khai đồng bộ, bám sát thực tiễn và nhận được sự đồng thuận cao của {group}.",
    "Nhiều mô hình hay, cách làm sáng tạo trong {topic} đã được nhân rộng, góp phần {goal}.",
    "Bên cạnh những kết quả đạt được, {topic} vẫn còn một số hạn chế như {challenge}.",
    "Nguyên nhân chủ yếu là do {challenge}, trong khi nguồn lực đầu tư còn hạn chế.",
    "Trong thời gian tới, {org} sẽ tập trung {measure}, nhằm {goal}.",
    "Đến nay, đã có {count} hộ dân tham gia, với tổng số vốn huy động đạt {money}.",
    "Tỷ lệ {group} hài lòng với chất lượng dịch vụ công đạt {pct}, tăng so với cùng kỳ năm trước.",
    "Các địa phương đã chủ động {measure}, bảo đảm tiến độ và chất lượng công việc.",
    "Đặc biệt, việc {measure} đã tạo chuyển biến rõ nét trong nhận thức và hành động của {group}.",
    "Nhiều {group} cho biết, nhờ {topic2}, cuộc sống đã ổn định hơn và thu nhập tăng lên đáng kể.",
    "Năm {year}, {place} phấn đấu {goal}, đồng thời hoàn thành {num} công trình trọng điểm.",
    "Tại buổi làm việc, các đại biểu đã thảo luận sôi nổi, đề xuất nhiều giải pháp {quality} để tháo gỡ khó khăn.",
    "Chương trình {topic2} đã huy động được sự vào cuộc của cả hệ thống chính trị và {group}.",
    "Dịp này, {org} đã trao tặng {count} phần quà cho {group} có hoàn cảnh khó khăn.",
    "Với cách làm {quality}, {place} đã trở thành một trong những địa phương dẫn đầu về {topic}.",
    "Theo kế hoạch, đến hết năm {year_next}, toàn {place} sẽ {result}.",
    "Kết quả khảo sát cho thấy {pct} {group} đánh giá cao hiệu quả của {topic2}.",
    "Các cấp ủy, chính quyền đã xác định {topic} là nhiệm vụ trọng tâm, thường xuyên và lâu dài.",
    "Việc {measure} giúp rút ngắn thời gian xử lý hồ sơ, giảm chi phí cho {group}.",
    "Sau nhiều năm triển khai, {topic} đã góp phần quan trọng vào việc {goal}.",
    "Tổng kinh phí thực hiện các hoạt động trong năm đạt {money}, trong đó nguồn xã hội hóa chiếm {pct}.",
    "Nhiều tuyến đường, trường học, trạm y tế được xây mới, làm thay đổi diện mạo các thôn, bản.",
    "Thời gian qua, {org} luôn quan tâm chỉ đạo sát sao, kịp thời tháo gỡ những vướng mắc phát sinh.",
    "Hằng tháng, cán bộ phụ trách đều xuống tận cơ sở để nắm bắt tâm tư, nguyện vọng của {group}.",
    "Mô hình này không chỉ {result} mà còn góp phần gắn kết cộng đồng dân cư.",
    "Từ kết quả đó, {place} đã rút ra nhiều bài học kinh nghiệm {quality} cho giai đoạn tiếp theo.",
    "Nhằm {goal}, {org} đã ban hành kế hoạch cụ thể, phân công rõ người, rõ việc, rõ thời gian.",
    "Tuy nhiên, tiến độ ở một số nơi còn chậm do {challenge}.",
    "Các đơn vị đã phối hợp chặt chẽ với {org2} để {measure}.",
    "Đến cuối tháng {month}, đã có {count} lượt {group} được hỗ trợ, tư vấn trực tiếp.",
    "Hoạt động này được kỳ vọng sẽ tạo động lực mới cho {topic2} trên địa bàn {place}.",
    "Ngoài ra, {org2} cũng cam kết {measure} trong thời gian sớm nhất.",
    "Nhìn lại chặng đường đã qua, có thể khẳng định {topic} đã đi vào chiều sâu và thực chất.",
    "Các chỉ tiêu chủ yếu về {topic} đều đạt và vượt, trong đó có {num} chỉ tiêu vượt trên {pct}.",
]

QUOTE_TEMPLATES = [
    "Phát biểu tại hội nghị, {person} nhấn mạnh: “{topic_cap} phải xuất phát từ lợi ích của người dân, lấy người dân làm trung tâm”.",
    "Theo {person}, thời gian tới cần tiếp tục {measure}, nhằm {goal}.",
    "“Chúng tôi xác định {topic} là nhiệm vụ xuyên suốt, phải làm bền bỉ và có trọng tâm, trọng điểm”, {person} cho biết.",
    "Ghi nhận những kết quả đạt được, {person} đề nghị các đơn vị {measure}.",
    "Chia sẻ với phóng viên, {person} cho rằng muốn làm tốt {topic} thì trước hết phải {measure}.",
]
FOLLOW_QUOTE_TEMPLATES = [
    "{who_cap} cũng lưu ý cần {measure}, tránh hình thức, chạy theo thành tích.",
    "Cũng theo {who}, điều quan trọng nhất là {goal}.",
    "{who_cap} đề nghị {org} tiếp tục quan tâm, tạo điều kiện để {group} phát huy vai trò của mình.",
]

HEADING_TEMPLATES = [
    "Kết quả nổi bật năm {year}", "Những khó khăn cần tháo gỡ",
    "Lan tỏa cách làm hay", "Giải pháp cho giai đoạn mới",
    "Người dân là trung tâm", "Đổi mới phương thức triển khai",
    "Huy động sức mạnh tổng hợp", "Bài học từ cơ sở",
    "Tạo chuyển biến rõ nét", "Nhiệm vụ trọng tâm thời gian tới",
    "Phát huy vai trò của {group}", "Nâng cao chất lượng {topic}",
    "Những con số ấn tượng", "Từ chủ trương đến hành động",
]

TITLE_TEMPLATES = [
    "{place} đẩy mạnh {topic}", "{org} tổng kết {topic} năm {year}",
    "Hội nghị triển khai {topic} tại {place}", "Nâng cao hiệu quả {topic} ở cơ sở",
    "Tháo gỡ khó khăn trong {topic} tại {place}", "Lan tỏa mô hình {topic} ở {place}",
    "{org} ký kết chương trình phối hợp về {topic}",
    "Tuyên dương {num} điển hình tiên tiến trong {topic}",
    "Người dân {place} hưởng lợi từ {topic}", "{place}: Nhiều kết quả tích cực trong {topic}",
    "Đoàn công tác {org} làm việc tại {place} về {topic}",
    "Ra quân thực hiện {topic} năm {year}", "Bàn giải pháp {topic} giai đoạn mới",
    "{place} khánh thành công trình phục vụ {topic}",
]

SUMMARY_TEMPLATES = [
    "{org} vừa tổ chức hội nghị đánh giá kết quả {topic} và đề ra nhiệm vụ trọng tâm thời gian tới.",
    "Sau một thời gian triển khai, {topic} tại {place} đã mang lại nhiều kết quả tích cực, được {group} đồng tình hưởng ứng.",
    "Nhiều giải pháp {quality} đã được đưa ra nhằm nâng cao hiệu quả {topic} trên địa bàn {place}.",
    "{place} đặt mục tiêu {goal} trong năm {year}, với sự vào cuộc của cả hệ thống chính trị.",
]

CAPTIONS = [
    "Quang cảnh hội nghị.", "Các đại biểu tham quan mô hình sản xuất.",
    "Lãnh đạo địa phương trao quà cho người dân.", "Lễ ra quân được tổ chức trang trọng.",
    "Người dân tham gia hoạt động tại địa phương.", "Đoàn công tác làm việc tại cơ sở.",
    "Công trình mới được đưa vào sử dụng.", "Các đại biểu thực hiện nghi thức ký kết.",
]

GROUPS = [
    "người dân", "doanh nghiệp", "hội viên nông dân", "đoàn viên thanh niên",
    "cán bộ, công chức", "đồng bào dân tộc thiểu số", "học sinh, sinh viên",
    "hộ nghèo", "người lao động", "cựu chiến binh", "phụ nữ", "người cao tuổi",
]

GOALS = [
    "nâng cao đời sống vật chất và tinh thần của người dân",
    "tạo môi trường thuận lợi cho doanh nghiệp phát triển",
    "củng cố niềm tin của nhân dân đối với chính quyền",
    "hoàn thành thắng lợi các chỉ tiêu kinh tế - xã hội",
    "giữ vững an ninh chính trị, trật tự an toàn xã hội",
    "rút ngắn khoảng cách giàu nghèo giữa các vùng",
    "phát triển bền vững gắn với bảo vệ môi trường",
    "xây dựng hệ thống chính trị cơ sở vững mạnh",
]

RESULTS = [
    "hỗ trợ xây mới và sửa chữa hàng trăm căn nhà cho hộ khó khăn",
    "giảm tỷ lệ hộ nghèo xuống dưới mức bình quân của cả nước",
    "cấp mới hàng nghìn mã số vùng trồng phục vụ xuất khẩu",
    "hoàn thành việc số hóa hồ sơ thủ tục hành chính ở cấp xã",
    "đưa hàng chục sản phẩm đặc trưng đạt chuẩn ba sao trở lên",
    "nâng thu nhập bình quân đầu người lên mức cao nhất từ trước đến nay",
    "giải quyết việc làm mới cho hàng nghìn lao động",
    "bê tông hóa phần lớn đường giao thông nông thôn",
]

CHALLENGES = [
    "nguồn lực đầu tư còn phân tán", "trình độ của một bộ phận cán bộ cơ sở chưa đáp ứng yêu cầu",
    "thời tiết diễn biến phức tạp, ảnh hưởng đến sản xuất",
    "sự phối hợp giữa các ngành có lúc chưa chặt chẽ",
    "nhận thức của một bộ phận người dân còn hạn chế",
    "hạ tầng ở vùng sâu, vùng xa còn thiếu và yếu",
    "giá vật tư đầu vào tăng cao", "thủ tục đầu tư còn nhiều vướng mắc",
]

MEASURES = [
    "đẩy mạnh công tác tuyên truyền, vận động", "tăng cường kiểm tra, giám sát",
    "rà soát, hoàn thiện cơ chế chính sách", "nâng cao năng lực cho đội ngũ cán bộ cơ sở",
    "ứng dụng công nghệ thông tin trong quản lý", "huy động các nguồn lực xã hội hóa",
    "phát huy vai trò của người có uy tín trong cộng đồng",
    "đơn giản hóa thủ tục hành chính", "tập trung tháo gỡ khó khăn cho sản xuất",
    "nhân rộng các mô hình hiệu quả",
]

QUALITIES = [
    "thiết thực", "sáng tạo", "đồng bộ", "linh hoạt", "hiệu quả", "bài bản",
    "quyết liệt", "cụ thể",
]

LIST_INTROS = [
    "Các nhiệm vụ trọng tâm trong thời gian tới gồm:",
    "Hội nghị thống nhất một số giải pháp chủ yếu:",
    "Kế hoạch đề ra các mục tiêu cụ thể:",
]

TABLE_HEADERS = [("Chỉ tiêu", "Kế hoạch", "Thực hiện")]
TABLE_ROWS = [
    "Số hộ được hỗ trợ", "Công trình hoàn thành", "Lượt người được tập huấn",
    "Sản phẩm đạt chuẩn", "Hồ sơ trực tuyến", "Lao động có việc làm mới",
]

EXTRA_SENTENCES = [
    "Cùng ngày, {org} cũng tổ chức gặp mặt các điển hình tiêu biểu trong {topic}.",
    "Được biết, đây là hoạt động thường niên, thu hút đông đảo {group} tham gia.",
]

CORRECTION_NOTES = [
    "Sửa lại chức vụ của một đại biểu cho đúng.",
    "Đính chính số liệu trong đoạn thứ hai.",
    "Cập nhật tên đơn vị tổ chức.",
]

