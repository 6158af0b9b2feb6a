"""Constants shared by the annual report tests and their fixtures."""

YEAR = 2024

# the sections a clerk fills in (the defaults leave 【请填写…】 prompts there)
FILLED = {
    "overview": "{{ year }}年，{{ unit_name }}全年主动公开政府信息{{ published_count }}条，新收政府信息公开申请"
                "{{ t3.new.total }}件。\n本机关健全了政府信息公开工作机制。",
    "problems": "一是政策解读数量偏少；二是个别栏目更新不及时。",
    "other": "本年度未收取信息处理费。",
}
