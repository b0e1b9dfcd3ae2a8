//! Signed CDN purges (CloudFront, Aliyun CDN, Tencent Cloud CDN) against local fakes of their
//! APIs that check each request's signature as the vendor does and record the URLs. The
//! checks themselves are first held to the worked examples of each vendor's documentation.

mod support;

use boke_deploy::purge::{Keys, purge};
use boke_deploy::{Cdn, Purge};
use support::{Seen, serve, verify};

// The checks against the vendors' published examples; the expected values are the documents'.

/// AWS's SigV4 example (IAM ListUsers, 2015-08-30, "Create a canonical request" through
/// "Calculate the signature" of the IAM user guide).
#[test]
fn the_sigv4_check_reproduces_the_aws_documentation_example() {
    let canonical = verify::sigv4_canonical_request(
        "GET",
        "/",
        "Action=ListUsers&Version=2010-05-08",
        "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n",
        "content-type;host;x-amz-date",
        &verify::sha256(b""),
    );
    assert_eq!(
        verify::sha256(canonical.as_bytes()),
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
    );
    let to_sign = verify::sigv4_string_to_sign(
        "20150830T123600Z",
        "20150830/us-east-1/iam/aws4_request",
        &canonical,
    );
    let key = verify::sigv4_key(
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "20150830",
        "us-east-1",
        "iam",
    );
    assert_eq!(
        verify::hex(&key),
        "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
    );
    assert_eq!(
        verify::hex(&verify::hmac256(&key, &to_sign)),
        "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    );
}

/// Aliyun's "Request signature" example: DescribeRegions with AccessKeyId `testid` and
/// secret `testsecret`.
#[test]
fn the_aliyun_check_reproduces_the_aliyun_documentation_example() {
    let query = "Timestamp=2016-02-23T12:46:24Z&Format=XML&AccessKeyId=testid&Action=DescribeRegions&SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&Version=2014-05-26&SignatureVersion=1.0";
    let to_sign = verify::aliyun_string_to_sign("GET", &verify::form(query));
    assert_eq!(
        verify::aliyun_signature("testsecret", &to_sign),
        "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    );
}

/// Tencent Cloud's "Signature v3" example: DescribeInstances at 1551113065, SecretKey
/// `Gu5t9xGARNpq86cd98joQYCN3EXAMPLE`.
#[test]
fn the_tc3_check_reproduces_the_tencent_documentation_example() {
    let payload =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
    assert_eq!(
        verify::sha256(payload.as_bytes()),
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    let canonical = verify::tc3_canonical_request(
        "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n",
        "content-type;host",
        payload.as_bytes(),
    );
    let hashed = verify::sha256(canonical.as_bytes());
    assert_eq!(
        hashed,
        "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    );
    let to_sign = format!("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n{hashed}");
    assert_eq!(
        verify::tc3_signature(
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            "2019-02-25",
            "cvm",
            &to_sign
        ),
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
}

// The purges, each against a fake that checks the signature with the right secret.

const SITE: &str = "https://blog.example.com";

fn settings(cdn: Cdn, zone: &str, endpoint: String) -> Purge {
    Purge {
        cdn,
        zone: zone.into(),
        endpoint: Some(endpoint),
    }
}

/// Paths of a deploy: a Chinese tag page under its folder URL and its file, and a space.
fn paths(count: usize) -> Vec<String> {
    let mut paths = vec![
        "/tags/搜索/".to_string(),
        "/tags/搜索/index.html".to_string(),
        "/a b.html".to_string(),
    ];
    paths.extend((paths.len()..count).map(|n| format!("/posts/{n}/")));
    paths.truncate(count);
    paths
}

fn all(requests: std::sync::mpsc::Receiver<Seen>) -> Vec<Seen> {
    requests.try_iter().collect()
}

fn cloudfront_answer(seen: &Seen) -> (u16, String) {
    match verify::sigv4(seen, "right-secret", "us-east-1", "cloudfront") {
        Ok(()) => (
            201,
            "<Invalidation><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status></Invalidation>"
                .into(),
        ),
        Err(code) => (
            403,
            format!(
                "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>The \
                 request signature we calculated does not match the signature you provided.\
                 </Message></Error></ErrorResponse>"
            ),
        ),
    }
}

#[test]
fn cloudfront_gets_one_signed_invalidation_of_the_encoded_paths_under_the_site_path() {
    let (endpoint, requests) = serve(1, cloudfront_answer);
    let cdn = settings(Cdn::CloudFront, "E2QWRUHAPOMQZL", endpoint);
    let keys = Keys::new("AKIDEXAMPLE", "right-secret");
    let purged = purge(&cdn, &keys, &format!("{SITE}/blog/"), &paths(5)).unwrap();
    assert_eq!(purged, 5);
    let seen = all(requests).remove(0);
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.target,
        "/2020-05-31/distribution/E2QWRUHAPOMQZL/invalidation"
    );
    let body = &seen.body;
    assert!(body.contains("<Quantity>5</Quantity>"), "{body}");
    assert!(
        body.contains("<Path>/blog/tags/%E6%90%9C%E7%B4%A2/</Path>"),
        "{body}"
    );
    assert!(
        body.contains("<Path>/blog/tags/%E6%90%9C%E7%B4%A2/index.html</Path>"),
        "{body}"
    );
    assert!(body.contains("<Path>/blog/a%20b.html</Path>"), "{body}");
    assert!(body.contains("<CallerReference>boke-"), "{body}");
    assert!(
        body.contains(r#"xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/""#),
        "{body}"
    );
}

#[test]
fn cloudfront_callers_differ_and_more_paths_than_it_holds_invalidate_everything() {
    let (endpoint, requests) = serve(2, cloudfront_answer);
    let cdn = settings(Cdn::CloudFront, "E2QWRUHAPOMQZL", endpoint);
    let keys = Keys::new("AKIDEXAMPLE", "right-secret");
    assert_eq!(purge(&cdn, &keys, SITE, &paths(2)).unwrap(), 2);
    assert_eq!(purge(&cdn, &keys, SITE, &paths(3001)).unwrap(), 1);
    let seen = all(requests);
    let reference = |s: &Seen| s.body.split("CallerReference>").nth(1).map(str::to_string);
    assert_ne!(reference(&seen[0]), reference(&seen[1]));
    assert!(
        seen[1]
            .body
            .contains("<Quantity>1</Quantity><Items><Path>/*</Path></Items>"),
        "{}",
        seen[1].body
    );
}

#[test]
fn cloudfront_refuses_a_wrong_secret_and_the_error_says_which_key() {
    let (endpoint, _requests) = serve(1, cloudfront_answer);
    let cdn = settings(Cdn::CloudFront, "E2QWRUHAPOMQZL", endpoint);
    let keys = Keys::new("AKIDEXAMPLE", "wrong-secret");
    let error = purge(&cdn, &keys, SITE, &paths(2)).unwrap_err().to_string();
    assert!(
        error.contains("CloudFront distribution E2QWRUHAPOMQZL"),
        "{error}"
    );
    assert!(error.contains("403 SignatureDoesNotMatch"), "{error}");
    assert!(error.contains("AWS_SECRET_ACCESS_KEY"), "{error}");
}

fn aliyun_answer(seen: &Seen) -> (u16, String) {
    match verify::aliyun(seen, "right-secret") {
        Ok(()) => (
            200,
            r#"{"RefreshTaskId":"704222904","RequestId":"D61E4801-EAFF-4A63-AAE1-FBF6CE1CFD1C"}"#
                .into(),
        ),
        Err(code) => (
            400,
            format!(
                r#"{{"Code":"{code}","Message":"Specified signature is not matched with our calculation.","RequestId":"x"}}"#
            ),
        ),
    }
}

#[test]
fn aliyun_refreshes_the_urls_one_a_line_1000_a_call_signed() {
    let (endpoint, requests) = serve(2, aliyun_answer);
    let cdn = settings(Cdn::Aliyun, "", endpoint);
    let keys = Keys::new("testid", "right-secret");
    assert_eq!(purge(&cdn, &keys, SITE, &paths(1001)).unwrap(), 1001);
    let seen = all(requests);
    assert_eq!(seen.len(), 2);
    let params = |s: &Seen| verify::form(&s.body);
    let get = |s: &Seen, name: &str| {
        params(s)
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .unwrap_or_default()
    };
    assert_eq!(get(&seen[0], "Action"), "RefreshObjectCaches");
    assert_eq!(get(&seen[0], "Version"), "2018-05-10");
    assert_eq!(get(&seen[0], "ObjectType"), "File");
    let first = get(&seen[0], "ObjectPath");
    let lines: Vec<&str> = first.split('\n').collect();
    assert_eq!(lines.len(), 1000);
    assert_eq!(lines[0], format!("{SITE}/tags/%E6%90%9C%E7%B4%A2/"));
    assert_eq!(lines[2], format!("{SITE}/a%20b.html"));
    assert_eq!(get(&seen[1], "ObjectPath"), format!("{SITE}/posts/1000/"));
    assert_ne!(
        get(&seen[0], "SignatureNonce"),
        get(&seen[1], "SignatureNonce")
    );
}

#[test]
fn aliyun_refuses_a_wrong_secret_and_the_error_says_which_key() {
    let (endpoint, _requests) = serve(1, aliyun_answer);
    let cdn = settings(Cdn::Aliyun, "", endpoint);
    let keys = Keys::new("testid", "wrong-secret");
    let error = purge(&cdn, &keys, SITE, &paths(2)).unwrap_err().to_string();
    assert!(error.contains("Aliyun CDN"), "{error}");
    assert!(error.contains("400 SignatureDoesNotMatch"), "{error}");
    assert!(error.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"), "{error}");
}

fn tencent_answer(seen: &Seen) -> (u16, String) {
    // Tencent answers 200 either way, with an `Error` when it refuses.
    match verify::tc3(seen, "right-secret", "cdn") {
        Ok(()) => (
            200,
            r#"{"Response":{"TaskId":"t1","RequestId":"r1"}}"#.into(),
        ),
        Err(code) => (
            200,
            format!(
                r#"{{"Response":{{"Error":{{"Code":"{code}","Message":"The provided credentials could not be validated."}},"RequestId":"r2"}}}}"#
            ),
        ),
    }
}

#[test]
fn tencent_purges_the_urls_as_json_1000_a_call_signed() {
    let (endpoint, requests) = serve(2, tencent_answer);
    let cdn = settings(Cdn::Tencent, "", endpoint);
    let keys = Keys::new("AKIDEXAMPLE", "right-secret");
    assert_eq!(purge(&cdn, &keys, SITE, &paths(1001)).unwrap(), 1001);
    let seen = all(requests);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].header("x-tc-action"), Some("PurgeUrlsCache"));
    assert_eq!(seen[0].header("x-tc-version"), Some("2018-06-06"));
    let body: serde_json::Value = serde_json::from_str(&seen[0].body).unwrap();
    let urls = body["Urls"].as_array().unwrap();
    assert_eq!(urls.len(), 1000);
    assert_eq!(urls[0], format!("{SITE}/tags/%E6%90%9C%E7%B4%A2/"));
    let rest: serde_json::Value = serde_json::from_str(&seen[1].body).unwrap();
    assert_eq!(
        rest["Urls"],
        serde_json::json!([format!("{SITE}/posts/1000/")])
    );
}

#[test]
fn tencent_refuses_a_wrong_secret_and_the_error_says_which_key() {
    let (endpoint, _requests) = serve(1, tencent_answer);
    let cdn = settings(Cdn::Tencent, "", endpoint);
    let keys = Keys::new("AKIDEXAMPLE", "wrong-secret");
    let error = purge(&cdn, &keys, SITE, &paths(2)).unwrap_err().to_string();
    assert!(error.contains("Tencent Cloud CDN"), "{error}");
    assert!(error.contains("AuthFailure.SignatureFailure"), "{error}");
    assert!(error.contains("TENCENTCLOUD_SECRET_KEY"), "{error}");
}
