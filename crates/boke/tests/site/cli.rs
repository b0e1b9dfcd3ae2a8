//! The command line as a newcomer meets it: finding the site from any folder inside it, the
//! flags Hugo and Zola users reach for, `init` and `new` that leave nothing to guess, and the
//! help of every subcommand as written in `tests/site/help/`.

use std::path::Path;
use std::process::Output;

use crate::common::{boke, write};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().expect("temp");
    write(
        temp.path(),
        "boke.toml",
        "title = \"测试\"\nbase_url = \"https://t.example/\"\n",
    );
    write(
        temp.path(),
        "content/posts/2026-01-01-a.md",
        "---\ntitle: 甲\ndescription: 一篇\n---\n\n正文。\n",
    );
    temp
}

#[test]
fn commands_find_the_site_from_any_folder_inside_it() {
    let site = site();
    let inside = site.path().join("content/posts");
    let output = boke(&inside, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.path().join("public/posts/a/index.html").is_file());
    assert!(!inside.join("public").exists());

    let output = boke(&inside, &["new", "第二篇"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let created = stdout(&output).trim().to_owned();
    assert!(
        Path::new(&created).starts_with(site.path().join("content/posts"))
            && !created.contains("content/posts/content"),
        "{created}"
    );

    let output = boke(&inside, &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn without_a_site_the_message_says_so() {
    let temp = tempfile::tempdir().expect("temp");
    for args in [
        &["build"][..],
        &["serve"],
        &["check"],
        &["new", "标题"],
        &["search", "模型"],
    ] {
        let output = boke(temp.path(), args);
        assert!(!output.status.success(), "{args:?}");
        let said = stderr(&output);
        assert!(
            said.contains("no boke.toml in this folder or any folder above it")
                && said.contains("boke init"),
            "{args:?}: {said}"
        );
        assert!(!said.contains("error: error"), "{said}");
    }
    assert!(!temp.path().join("content").exists(), "nothing was written");

    let output = boke(temp.path(), &["build", "--root", "no-such-folder"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("no-such-folder: this folder does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn output_dir_base_url_and_quiet_as_the_peers_spell_them() {
    let site = site();
    let root = site.path();
    let output = boke(
        root,
        &["build", "-o", "out", "-u", "https://preview.example/"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let sitemap = std::fs::read_to_string(root.join("out/sitemap.xml")).expect("sitemap");
    assert!(
        sitemap.contains("https://preview.example/posts/a/"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("t.example"), "{sitemap}");

    let output = boke(root, &["build", "--output", "out2", "-q"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(root.join("out2/index.html").is_file());
    assert_eq!(stdout(&output), "", "-q prints nothing but problems");

    let output = boke(root, &["-r", ".", "build", "-v"]);
    assert!(stderr(&output).contains("stages:"), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("built 1 post, "),
        "{}",
        stdout(&output)
    );

    // --future on check too, and -D for drafts.
    write(
        root,
        "content/posts/2099-01-01-later.md",
        "---\ntitle: 以后\ndescription: 将来\n---\n\n[甲](/posts/a/)\n",
    );
    let pages = |args: &[&str]| {
        let output = boke(root, args);
        assert!(output.status.success(), "{}", stderr(&output));
        let said = stdout(&output);
        said.split("checked ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or_else(|| panic!("{said}"))
    };
    assert!(pages(&["check", "--future", "-D"]) > pages(&["check"]));
}

#[test]
fn init_leaves_the_address_to_the_user_and_keeps_out_of_full_folders() {
    let temp = tempfile::tempdir().expect("temp");
    write(temp.path(), "full/notes.txt", "别人的文件");
    let output = boke(temp.path(), &["init", "full"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("is not empty"),
        "{}",
        stderr(&output)
    );
    assert!(!temp.path().join("full/boke.toml").exists());
    let output = boke(temp.path(), &["init", "full", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));

    let root = temp.path().join("full");
    let config = std::fs::read_to_string(root.join("boke.toml")).expect("config");
    assert!(!config.contains("example.com"), "{config}");
    for _ in 0..2 {
        // Every build says so until it is set, the up-to-date one too.
        let output = boke(&root, &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("base_url is not set"),
            "{}",
            stderr(&output)
        );
    }
    let output = boke(&root, &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).ends_with("0 errors, 0 warnings\n"),
        "the starter post passes check: {}{}",
        stdout(&output),
        stderr(&output)
    );
    let set = config.replace("base_url = \"\"", "base_url = \"https://me.example/\"");
    std::fs::write(root.join("boke.toml"), set).expect("config");
    let output = boke(&root, &["build"]);
    assert!(!stderr(&output).contains("base_url"), "{}", stderr(&output));
}

#[test]
fn new_takes_the_flags_a_post_needs_and_refuses_a_taken_slug() {
    let site = site();
    let root = site.path();
    let output = boke(
        root,
        &[
            "new",
            "Hello boke",
            "--no-draft",
            "--date",
            "2026-03-04",
            "--slug",
            "hello",
            "--folder",
            "--lang",
            "en",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let created = stdout(&output).trim().to_owned();
    assert!(
        created.ends_with("content/posts/2026-03-04-hello/index.md"),
        "{created}"
    );
    let text = std::fs::read_to_string(root.join(&created)).expect("post");
    assert!(text.contains("date: 2026-03-04T00:00:00+08:00"), "{text}");
    assert!(
        text.contains("slug: \"hello\"") && text.contains("lang: \"en\""),
        "{text}"
    );
    assert!(!text.contains("draft"), "{text}");
    assert!(
        stderr(&output).contains("http://localhost:1111/posts/hello/"),
        "{}",
        stderr(&output)
    );

    let output = boke(root, &["new", "另一篇", "--slug", "hello"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output)
            .contains("the slug `hello` is taken by content/posts/2026-03-04-hello/index.md"),
        "{}",
        stderr(&output)
    );

    let output = boke(root, &["new", "草稿"]);
    assert!(output.status.success());
    let text = std::fs::read_to_string(root.join(stdout(&output).trim())).expect("draft");
    assert!(text.contains("draft: true"), "{text}");
    assert!(
        stderr(&output).contains("boke serve --drafts"),
        "{}",
        stderr(&output)
    );

    let output = boke(root, &["new", "坏日期", "--date", "三月"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("--date"), "{}", stderr(&output));
}

#[test]
fn completions_for_each_shell() {
    let temp = tempfile::tempdir().expect("temp");
    for shell in ["bash", "zsh", "fish"] {
        let output = boke(temp.path(), &["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = stdout(&output);
        assert!(
            script.contains("boke") && script.contains("base-url"),
            "{shell}: {script}"
        );
    }
}

/// The help of `boke` and of each subcommand, as kept in `tests/site/help/NAME.txt`. A change
/// of wording shows as a diff here; `BOKE_BLESS=1` rewrites the files, to be read before they
/// are committed.
#[test]
fn help_of_every_subcommand_is_as_written() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/site/help");
    let temp = tempfile::tempdir().expect("temp");
    let mut names = vec!["boke"];
    names.extend([
        "init",
        "new",
        "build",
        "deploy",
        "search",
        "serve",
        "check",
        "import",
        "mcp",
        "render",
        "completions",
    ]);
    let bless = std::env::var_os("BOKE_BLESS").is_some();
    for name in names {
        let args: Vec<&str> = if name == "boke" {
            vec!["--help"]
        } else {
            vec![name, "--help"]
        };
        let output = boke(temp.path(), &args);
        assert!(output.status.success(), "{name}");
        let help = stdout(&output);
        let file = dir.join(format!("{name}.txt"));
        if bless {
            std::fs::create_dir_all(&dir).expect("help dir");
            std::fs::write(&file, &help).expect("write help");
            continue;
        }
        let kept = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("{}: {e} (BOKE_BLESS=1 writes it)", file.display()));
        assert_eq!(
            help,
            kept,
            "`boke {name} --help` differs from {}",
            file.display()
        );
    }
}

#[test]
fn markdown_under_any_common_name_is_a_post_and_editor_leftovers_are_not() {
    let site = site();
    let root = site.path();
    let post = |title: &str| format!("---\ntitle: {title}\ndescription: 说明\n---\n\n正文。\n");
    write(
        root,
        "content/posts/2026-02-01-long.markdown",
        &post("长扩展名"),
    );
    write(root, "content/posts/2026-02-02-mdown.mdown", &post("mdown"));
    write(root, "content/posts/2026-02-03-mkd.mkd", &post("mkd"));
    write(
        root,
        "content/posts/#2026-02-04-autosave.md#",
        &post("自动保存"),
    );
    write(root, "content/posts/2026-02-05-backup.md~", &post("备份"));
    write(root, "content/posts/notes.pdf", "%PDF-1.4");
    let output = boke(root, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for slug in ["long", "mdown", "mkd"] {
        assert!(
            root.join(format!("public/posts/{slug}/index.html"))
                .is_file(),
            "{slug}"
        );
    }
    let built = crate::common::files_under(&root.join("public"));
    let leftovers: Vec<_> = built
        .iter()
        .filter(|p| {
            let p = p.to_string_lossy();
            p.contains("autosave") || p.contains("backup")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let said = stderr(&output);
    assert!(
        said.contains("content/posts/notes.pdf: not a post and not in a post's folder"),
        "{said}"
    );
    assert!(
        stdout(&output).contains("(1 warning)"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_build_says_which_posts_it_left_out_and_how_to_see_them() {
    let site = site();
    let root = site.path();
    write(
        root,
        "content/posts/2026-01-02-d1.md",
        "---\ntitle: 草稿一\ndraft: true\n---\n\n正文。\n",
    );
    write(
        root,
        "content/posts/2026-01-03-d2.md",
        "---\ntitle: 草稿二\ndraft: true\n---\n\n正文。\n",
    );
    write(
        root,
        "content/posts/2099-01-01-later.md",
        "---\ntitle: 以后\n---\n\n正文。\n",
    );
    let output = boke(root, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(
            "left out: 2 drafts (--drafts, -D, includes them); 1 post dated in the future (--future, -F, includes it)"
        ),
        "{}",
        stdout(&output)
    );
    // The up-to-date build says it again.
    let output = boke(root, &["build"]);
    assert!(
        stdout(&output).contains("left out: 2 drafts"),
        "{}",
        stdout(&output)
    );
    let output = boke(root, &["build", "-D", "-F"]);
    assert!(!stdout(&output).contains("left out"), "{}", stdout(&output));
}

/// Each mistake a newcomer makes is answered in the writer's terms: where, what, what to do,
/// and nothing of the parser's insides.
#[test]
fn mistakes_are_told_without_internals() {
    let cases: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "content/posts/2026-01-05-open.md",
            "---\ntitle: 未闭合\ndate: 2026-01-05\n\n正文第一段。\n\n---\n\n后文。\n",
            &[
                "content/posts/2026-01-05-open.md:5:1: front matter opened with `---` on line 1 is not closed",
                "add a line with only `---`",
            ],
            &["simple key"],
        ),
        (
            "content/posts/2026-01-05-template.md",
            "---\ntitle: 模板\ntemplate: pots.html\n---\n\n正文。\n",
            &[
                "content/posts/2026-01-05-template.md:3:1: no template named `pots.html`",
                "did you mean `post.html`?",
                "page.html",
            ],
            &["template template", "<default theme>"],
        ),
        (
            "content/posts/date.md",
            "---\ntitle: 日期\ndate: 2026年3月\n---\n\n正文。\n",
            &["`2026年3月` is not a date", "2026-01-05 10:30"],
            &["two digit", "\\xE5", "invalid digit"],
        ),
    ];
    for (path, text, said, unsaid) in cases {
        let site = site();
        write(site.path(), path, text);
        let output = boke(site.path(), &["build"]);
        assert!(!output.status.success(), "{path}");
        let message = stderr(&output);
        for part in *said {
            assert!(message.contains(part), "{path}: no `{part}` in {message}");
        }
        for part in *unsaid {
            assert!(!message.contains(part), "{path}: `{part}` in {message}");
        }
    }

    // Numbers and booleans are tag names.
    let site = site();
    write(
        site.path(),
        "content/posts/2026-01-06-tags.md",
        "---\ntitle: 标签\ntags: [2026, 总结, true]\n---\n\n正文。\n",
    );
    let output = boke(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(site.path().join("public/tags/2026/index.html").is_file());

    // Search before any build.
    let site = super::cli::site();
    let output = boke(site.path(), &["search", "模型"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains("the site has no search index yet") && message.contains("boke build"),
        "{message}"
    );
    assert_eq!(message.matches("No such file").count(), 0, "{message}");

    // Every typo of the config at once, with Hugo's and Zola's names understood.
    write(
        site.path(),
        "boke.toml",
        "title = \"x\"\nbaseURL = \"https://a.example/\"\npaginate_by = 5\ntitel = \"y\"\n",
    );
    let output = boke(site.path(), &["build"]);
    let message = stderr(&output);
    for (line, key, best) in [
        (2, "baseURL", "base_url"),
        (3, "paginate_by", "posts_per_page"),
        (4, "titel", "title"),
    ] {
        assert!(
            message.contains(&format!("boke.toml:{line}:1: unknown field `{key}`")),
            "{key}: {message}"
        );
        assert!(
            message.contains(&format!("did you mean `{best}`?")),
            "{best}: {message}"
        );
    }
    assert!(message.contains("3 errors"), "{message}");
}

/// `--config FILE` reads another config in place of boke.toml, for build, check and search
/// alike; paths stay relative to the site. A file that is not there is an error that says so.
#[test]
fn config_flag_reads_another_file_and_a_missing_one_is_an_error() {
    let site = site();
    write(
        site.path(),
        "boke.production.toml",
        "title = \"正式站\"\nbase_url = \"https://prod.example/\"\noutput_dir = \"dist\"\n",
    );
    let built = boke(site.path(), &["build", "--config", "boke.production.toml"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let home = std::fs::read_to_string(site.path().join("dist/index.html")).expect("home");
    assert!(home.contains("正式站"), "{home}");
    assert!(home.contains("https://prod.example/"), "{home}");
    assert!(!site.path().join("public").exists());

    let checked = boke(site.path(), &["check", "-c", "boke.production.toml"]);
    assert!(checked.status.success(), "{}", stderr(&checked));
    let found = boke(
        site.path(),
        &["search", "甲", "--config", "boke.production.toml"],
    );
    assert!(found.status.success(), "{}", stderr(&found));
    assert!(stdout(&found).contains("甲"), "{}", stdout(&found));

    let missing = boke(site.path(), &["build", "--config", "nope.toml"]);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("nope.toml: the config file given with --config does not exist"),
        "{}",
        stderr(&missing)
    );
}

/// Output read only in part (`boke render < post.md | head`) ends quietly, not in a panic.
#[test]
fn a_reader_that_goes_away_is_not_a_panic() {
    use std::io::Write as _;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_boke"))
        .arg("render")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("boke render");
    // The reader is gone before a byte is written.
    drop(child.stdout.take());
    let markdown = format!("# 标题\n\n{}\n", "中文段落。".repeat(100_000));
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(markdown.as_bytes()).expect("input");
    drop(stdin);
    let output = child.wait_with_output().expect("wait");
    let said = stderr(&output);
    assert!(!said.contains("panicked"), "{said}");
    assert!(output.status.success(), "{said}");
}

/// `boke import … | head` and `boke build | head`: every line printed after the reader has gone
/// (the import's summary, its `report:` line, the build's counts) ends quietly, not in a panic.
#[test]
fn commands_whose_reader_went_away_end_without_a_panic() {
    use std::process::{Command, Stdio};
    let temp = tempfile::tempdir().expect("temp");
    let hexo = temp.path().join("hexo");
    write(
        &hexo,
        "_config.yml",
        "title: 旧站\nurl: https://old.example/\n",
    );
    write(
        &hexo,
        "source/_posts/a.md",
        "---\ntitle: 甲\ndate: 2024-01-02 10:00:00\n---\n正文。\n",
    );
    let out = temp.path().join("new");
    let runs: [(&Path, Vec<&str>); 2] = [
        (
            temp.path(),
            vec![
                "import",
                "hexo",
                hexo.to_str().expect("utf-8"),
                "--out",
                out.to_str().expect("utf-8"),
            ],
        ),
        (&out, vec!["build"]),
    ];
    for (dir, args) in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_boke"))
            .args(&args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("boke");
        // The reader is gone before a byte is written.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("wait");
        let said = stderr(&output);
        assert!(!said.contains("panicked"), "{args:?}: {said}");
        assert!(output.status.success(), "{args:?}: {said}");
    }
    assert!(out.join("public/index.html").is_file());
}
