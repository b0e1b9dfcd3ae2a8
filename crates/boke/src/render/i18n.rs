//! The default theme's words in Chinese and English, chosen by a page's language.

use std::collections::BTreeMap;

const ZH: &[(&str, &str)] = &[
    ("home", "首页"),
    ("archives", "归档"),
    ("tags", "标签"),
    ("categories", "分类"),
    ("search", "搜索"),
    ("search_placeholder", "搜索文章"),
    ("search_no_js", "搜索需要启用 JavaScript。"),
    ("published", "发布于"),
    ("updated", "更新于"),
    ("minutes", "分钟"),
    ("reading_time", "阅读时间"),
    ("words", "字"),
    ("word_count", "字数"),
    ("toc", "目录"),
    ("previous", "上一篇"),
    ("next", "下一篇"),
    ("newer_posts", "较新的文章"),
    ("older_posts", "较早的文章"),
    ("page", "页"),
    ("page_of", "第 {n} 页，共 {total} 页"),
    ("posts_count", "{n} 篇文章"),
    ("tag", "标签"),
    ("category", "分类"),
    ("series", "系列"),
    ("series_part", "第 {n} 篇，共 {total} 篇"),
    ("related", "相关文章"),
    ("share", "分享"),
    ("copy_link", "复制链接"),
    ("copied", "链接已复制"),
    ("copy_failed", "无法自动复制，请手动复制下面的链接"),
    ("copy_code", "复制"),
    ("code_copied", "已复制"),
    ("code_copy_failed", "无法自动复制，代码已选中，请按 Ctrl+C"),
    ("share_weibo", "微博"),
    ("share_more", "更多分享方式"),
    ("opens_new_window", "（在新窗口打开）"),
    ("site_search", "站内搜索"),
    ("not_found", "页面不存在"),
    ("not_found_text", "你要找的页面不存在，可能已被移动或删除。"),
    ("back_home", "回到首页"),
    ("back_to_top", "回到顶部"),
    ("skip_to_content", "跳到正文"),
    ("theme_toggle", "切换深色模式"),
    ("subscribe", "订阅"),
    ("feeds", "订阅源"),
    ("main_nav", "主导航"),
    ("pagination", "分页"),
    ("breadcrumbs", "所在位置"),
    ("post_nav", "文章导航"),
    ("powered_by", "由 boke 生成"),
    ("year_suffix", "年"),
    ("month_suffix", "月"),
    ("all_posts", "全部文章"),
    ("comments", "评论"),
    ("social_loading", "正在载入评论……"),
    ("social_no_js", "评论和表态需要启用 JavaScript。"),
    ("views_suffix", "次阅读"),
    ("comments_suffix", "条评论"),
    ("subscribe_title", "订阅新文章"),
    (
        "subscribe_hint",
        "新文章发布时发一封邮件给你，随时可以退订。",
    ),
    ("email_address", "邮箱地址"),
    ("honeypot", "请勿填写此项"),
    ("note_info", "说明"),
    ("note_tip", "提示"),
    ("note_success", "成功"),
    ("note_warning", "警告"),
    ("note_danger", "危险"),
    ("details_summary", "展开查看"),
    ("tabs_label", "选项卡"),
    ("video_play", "播放视频"),
    ("video_notice", "点击播放后才会从 {host} 载入播放器"),
    ("video_open", "在 {host} 打开"),
    ("link_card", "站内文章"),
    ("code_from", "代码文件"),
    ("code_lines", "第 {lines} 行"),
    ("pinned", "置顶"),
    ("notice", "公告"),
    ("author_card", "关于作者"),
    ("author_github", "GitHub"),
    ("author_weibo", "微博"),
    ("author_zhihu", "知乎"),
    ("author_bilibili", "哔哩哔哩"),
    ("author_x", "X"),
    ("author_email", "邮箱"),
    ("author_rss", "RSS"),
];

/// Traditional Chinese, for `zh-TW`, `zh-HK`, `zh-MO` and `zh-Hant`: the words of [`ZH`] in
/// the forms and, where they differ, the usage of Taiwan and Hong Kong (搜尋, 連結, 影片, 程式碼).
const ZH_HANT: &[(&str, &str)] = &[
    ("home", "首頁"),
    ("archives", "歸檔"),
    ("tags", "標籤"),
    ("categories", "分類"),
    ("search", "搜尋"),
    ("search_placeholder", "搜尋文章"),
    ("search_no_js", "搜尋需要啟用 JavaScript。"),
    ("published", "發佈於"),
    ("updated", "更新於"),
    ("minutes", "分鐘"),
    ("reading_time", "閱讀時間"),
    ("words", "字"),
    ("word_count", "字數"),
    ("toc", "目錄"),
    ("previous", "上一篇"),
    ("next", "下一篇"),
    ("newer_posts", "較新的文章"),
    ("older_posts", "較早的文章"),
    ("page", "頁"),
    ("page_of", "第 {n} 頁，共 {total} 頁"),
    ("posts_count", "{n} 篇文章"),
    ("tag", "標籤"),
    ("category", "分類"),
    ("series", "系列"),
    ("series_part", "第 {n} 篇，共 {total} 篇"),
    ("related", "相關文章"),
    ("share", "分享"),
    ("copy_link", "複製連結"),
    ("copied", "連結已複製"),
    ("copy_failed", "無法自動複製，請手動複製下面的連結"),
    ("copy_code", "複製"),
    ("code_copied", "已複製"),
    (
        "code_copy_failed",
        "無法自動複製，程式碼已選取，請按 Ctrl+C",
    ),
    ("share_weibo", "微博"),
    ("share_more", "更多分享方式"),
    ("opens_new_window", "（在新視窗開啟）"),
    ("site_search", "站內搜尋"),
    ("not_found", "頁面不存在"),
    ("not_found_text", "你要找的頁面不存在，可能已被移動或刪除。"),
    ("back_home", "回到首頁"),
    ("back_to_top", "回到頂部"),
    ("breadcrumbs", "所在位置"),
    ("skip_to_content", "跳到正文"),
    ("theme_toggle", "切換深色模式"),
    ("subscribe", "訂閱"),
    ("feeds", "訂閱源"),
    ("main_nav", "主導覽"),
    ("pagination", "分頁"),
    ("post_nav", "文章導覽"),
    ("powered_by", "由 boke 產生"),
    ("year_suffix", "年"),
    ("month_suffix", "月"),
    ("all_posts", "全部文章"),
    ("comments", "留言"),
    ("social_loading", "正在載入留言……"),
    ("social_no_js", "留言和表態需要啟用 JavaScript。"),
    ("views_suffix", "次閱讀"),
    ("comments_suffix", "則留言"),
    ("subscribe_title", "訂閱新文章"),
    (
        "subscribe_hint",
        "新文章發佈時寄一封電子郵件給你，隨時可以取消訂閱。",
    ),
    ("email_address", "電子郵件地址"),
    ("honeypot", "請勿填寫此欄"),
    ("note_info", "說明"),
    ("note_tip", "提示"),
    ("note_success", "成功"),
    ("note_warning", "警告"),
    ("note_danger", "危險"),
    ("details_summary", "展開查看"),
    ("tabs_label", "分頁標籤"),
    ("video_play", "播放影片"),
    ("video_notice", "按下播放後才會從 {host} 載入播放器"),
    ("video_open", "在 {host} 開啟"),
    ("link_card", "站內文章"),
    ("code_from", "程式碼檔案"),
    ("code_lines", "第 {lines} 行"),
    ("pinned", "置頂"),
    ("notice", "公告"),
    ("author_card", "關於作者"),
    ("author_github", "GitHub"),
    ("author_weibo", "微博"),
    ("author_zhihu", "知乎"),
    ("author_bilibili", "嗶哩嗶哩"),
    ("author_x", "X"),
    ("author_email", "電子郵件"),
    ("author_rss", "RSS"),
];

const EN: &[(&str, &str)] = &[
    ("home", "Home"),
    ("archives", "Archives"),
    ("tags", "Tags"),
    ("categories", "Categories"),
    ("search", "Search"),
    ("search_placeholder", "Search posts"),
    ("search_no_js", "Search needs JavaScript."),
    ("published", "Published"),
    ("updated", "Updated"),
    ("minutes", "min"),
    ("reading_time", "Reading time"),
    ("words", "words"),
    ("word_count", "Words"),
    ("toc", "Contents"),
    ("previous", "Previous"),
    ("next", "Next"),
    ("newer_posts", "Newer posts"),
    ("older_posts", "Older posts"),
    ("page", "Page"),
    ("page_of", "Page {n} of {total}"),
    ("posts_count", "{n} posts"),
    ("tag", "Tag"),
    ("category", "Category"),
    ("series", "Series"),
    ("series_part", "Part {n} of {total}"),
    ("related", "Related posts"),
    ("share", "Share"),
    ("copy_link", "Copy link"),
    ("copied", "Link copied"),
    ("copy_failed", "Could not copy; copy the link below"),
    ("copy_code", "Copy"),
    ("code_copied", "Copied"),
    (
        "code_copy_failed",
        "Could not copy; the code is selected, press Ctrl+C",
    ),
    ("share_weibo", "Weibo"),
    ("share_more", "More ways to share"),
    ("opens_new_window", " (opens in a new window)"),
    ("site_search", "Site search"),
    ("not_found", "Page not found"),
    (
        "not_found_text",
        "The page you are looking for does not exist. It may have moved.",
    ),
    ("back_home", "Back to the home page"),
    ("back_to_top", "Back to top"),
    ("skip_to_content", "Skip to content"),
    ("theme_toggle", "Toggle dark mode"),
    ("subscribe", "Subscribe"),
    ("feeds", "Feeds"),
    ("main_nav", "Main navigation"),
    ("pagination", "Pagination"),
    ("breadcrumbs", "Breadcrumbs"),
    ("post_nav", "Post navigation"),
    ("powered_by", "Built with boke"),
    ("year_suffix", ""),
    ("month_suffix", ""),
    ("all_posts", "All posts"),
    ("comments", "Comments"),
    ("social_loading", "Loading comments…"),
    ("social_no_js", "Comments and reactions need JavaScript."),
    ("views_suffix", "views"),
    ("comments_suffix", "comments"),
    ("subscribe_title", "New posts by email"),
    (
        "subscribe_hint",
        "One email when a new post is out; unsubscribe any time.",
    ),
    ("email_address", "Email address"),
    ("honeypot", "Leave this empty"),
    ("note_info", "Note"),
    ("note_tip", "Tip"),
    ("note_success", "Success"),
    ("note_warning", "Warning"),
    ("note_danger", "Danger"),
    ("details_summary", "Show more"),
    ("tabs_label", "Tabs"),
    ("video_play", "Play video"),
    (
        "video_notice",
        "The player loads from {host} only when you press play",
    ),
    ("video_open", "Open on {host}"),
    ("link_card", "Post on this site"),
    ("code_from", "Code file"),
    ("code_lines", "lines {lines}"),
    ("pinned", "Pinned"),
    ("notice", "Notice"),
    ("author_card", "About the author"),
    ("author_github", "GitHub"),
    ("author_weibo", "Weibo"),
    ("author_zhihu", "Zhihu"),
    ("author_bilibili", "Bilibili"),
    ("author_x", "X"),
    ("author_email", "Email"),
    ("author_rss", "RSS"),
];

/// The theme strings for a language tag: Traditional Chinese for the Traditional tags,
/// Simplified for the other `zh*`, English otherwise.
pub(crate) fn strings(language: &str) -> BTreeMap<&'static str, &'static str> {
    let table = if is_traditional(language) {
        ZH_HANT
    } else if is_chinese(language) {
        ZH
    } else {
        EN
    };
    table.iter().copied().collect()
}

/// `zh-Hant…`, and the regions that write Traditional characters (`zh-TW`, `zh-HK`, `zh-MO`)
/// unless the tag says `Hans`.
fn is_traditional(language: &str) -> bool {
    let tag = language.to_ascii_lowercase().replace('_', "-");
    let mut subtags = tag.split('-');
    if subtags.next() != Some("zh") {
        return false;
    }
    let rest: Vec<&str> = subtags.collect();
    if rest.contains(&"hant") {
        return true;
    }
    !rest.contains(&"hans") && rest.iter().any(|s| matches!(*s, "tw" | "hk" | "mo"))
}

/// OpenGraph's `language_TERRITORY` for a page's language: one of the locales it knows for
/// Chinese (`zh_CN`, `zh_TW`, `zh_HK`; `zh-Hans` is `zh_CN`, `zh-Hant` `zh_TW`), `en_US`
/// for a bare `en`, else the tag's language and region.
pub(crate) fn og_locale(language: &str) -> String {
    let tag = language.replace('_', "-");
    let lower = tag.to_ascii_lowercase();
    let subtags: Vec<&str> = lower.split('-').collect();
    let region = subtags
        .iter()
        .skip(1)
        .find(|s| s.len() == 2 && s.chars().all(|c| c.is_ascii_alphabetic()));
    match (subtags.first().copied(), region.copied()) {
        (Some("zh"), Some("hk" | "mo")) => "zh_HK".into(),
        (Some("zh"), _) if is_traditional(&tag) => "zh_TW".into(),
        (Some("zh"), _) => "zh_CN".into(),
        (Some("en"), None) => "en_US".into(),
        (Some(language), Some(region)) => format!("{language}_{}", region.to_ascii_uppercase()),
        (Some(language), None) => language.to_owned(),
        (None, _) => "zh_CN".into(),
    }
}

/// The meta line's reading time in the page's own language: `阅读时间 3 分钟`, `3 min read`.
pub(crate) fn reading_time(minutes: u32, language: &str) -> String {
    if is_traditional(language) {
        format!("閱讀時間 {minutes} 分鐘")
    } else if is_chinese(language) {
        format!("阅读时间 {minutes} 分钟")
    } else {
        format!("{minutes} min read")
    }
}

/// The meta line's word count: Han characters are counted one by one as 字, English words
/// as words.
pub(crate) fn word_count(words: usize, language: &str) -> String {
    match (is_chinese(language), words) {
        (true, _) => format!("{words} 字"),
        (false, 1) => "1 word".to_owned(),
        (false, _) => format!("{words} words"),
    }
}

fn is_chinese(language: &str) -> bool {
    language.to_ascii_lowercase().starts_with("zh")
}

/// A date as readers of the language write it: `2026年1月5日` or `January 5, 2026`.
pub(crate) fn format_date(date: &jiff::ZonedDateTime, language: &str) -> String {
    if language.to_ascii_lowercase().starts_with("zh") || language.starts_with("ja") {
        format!("{}年{}月{}日", date.year(), date.month(), date.day())
    } else {
        date.strftime("%B %-d, %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_the_same_keys() {
        let zh: Vec<_> = strings("zh-CN").into_keys().collect();
        let hant: Vec<_> = strings("zh-TW").into_keys().collect();
        let en: Vec<_> = strings("en").into_keys().collect();
        assert_eq!(zh, en);
        assert_eq!(hant, en);
        assert_eq!(strings("en-US").get("toc"), Some(&"Contents"));
    }

    #[test]
    fn traditional_tags_get_traditional_words() {
        for tag in [
            "zh-TW",
            "zh-HK",
            "zh-MO",
            "zh-Hant",
            "zh-Hant-TW",
            "zh_TW",
            "zh-hk",
        ] {
            assert_eq!(strings(tag).get("toc"), Some(&"目錄"), "{tag}");
            assert_eq!(strings(tag).get("search"), Some(&"搜尋"), "{tag}");
        }
        for tag in ["zh-CN", "zh", "zh-Hans", "zh-SG", "zh-Hans-HK"] {
            assert_eq!(strings(tag).get("toc"), Some(&"目录"), "{tag}");
        }
        assert_eq!(reading_time(2, "zh-HK"), "閱讀時間 2 分鐘");
        // No Simplified-only character is left in the Traditional table.
        let simplified = "这个时间发布阅读页评论说链结复制频视简体国们从于后门书见观条载将会过";
        for (key, word) in ZH_HANT {
            let found: Vec<char> = word.chars().filter(|c| simplified.contains(*c)).collect();
            assert!(found.is_empty(), "{key}: {word} has {found:?}");
        }
    }

    #[test]
    fn og_locale_is_always_one_opengraph_knows() {
        for (tag, locale) in [
            ("zh-CN", "zh_CN"),
            ("zh", "zh_CN"),
            ("zh-Hans", "zh_CN"),
            ("zh-Hans-CN", "zh_CN"),
            ("zh-TW", "zh_TW"),
            ("zh-Hant", "zh_TW"),
            ("zh-Hant-TW", "zh_TW"),
            ("zh-HK", "zh_HK"),
            ("zh-Hant-HK", "zh_HK"),
            ("zh-MO", "zh_HK"),
            ("en", "en_US"),
            ("en-GB", "en_GB"),
            ("ja-JP", "ja_JP"),
        ] {
            assert_eq!(og_locale(tag), locale, "{tag}");
        }
    }

    #[test]
    fn meta_words_follow_the_language() {
        assert_eq!(reading_time(3, "zh-CN"), "阅读时间 3 分钟");
        assert_eq!(reading_time(1, "en"), "1 min read");
        assert_eq!(word_count(165, "zh-HK"), "165 字");
        assert_eq!(word_count(58, "en-US"), "58 words");
        assert_eq!(word_count(1, "en"), "1 word");
    }

    #[test]
    fn dates_by_language() {
        let date = jiff::civil::date(2026, 1, 5)
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .ok();
        let zh = date.as_ref().map(|d| format_date(d, "zh-CN"));
        let en = date.as_ref().map(|d| format_date(d, "en"));
        assert_eq!(zh.as_deref(), Some("2026年1月5日"));
        assert_eq!(en.as_deref(), Some("January 5, 2026"));
    }
}
