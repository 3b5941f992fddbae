using System.Text;
using System.Xml;
using CsCheck;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Tests.Shared;
using Xunit.Abstractions;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

/// <summary>
/// Fuzzing of <see cref="DocumentParser"/> (docs/hostile-input.md): generated hostile Markdown, HTML and text, and
/// byte-mutated Markdown, HTML, text, DOCX and PDF files either parse or throw the parser's documented
/// <see cref="DocumentFormatException"/>, never anything else, and never run past a per-file time limit.
/// </summary>
public sealed class DocumentParserFuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(10);

    private static readonly string[] Payloads = HostileText.Payloads;

    /// <summary>Markdown built from hostile pieces: front matter, headings, links and images with javascript:, raw HTML, tables, code.</summary>
    private static readonly Gen<string> HostileMarkdown =
        Gen.Select(
            Gen.OneOf(
                "", "---\ntitle: <script>window.__xss=1</script>\naudience: everyone\n---\n", "---\ntitle: \"unterminated\n---\n",
                "---\n---\n", "---\ntitle: x\ntitle: y\n---\n", "---\nlanguage: xx-long\n---\n", "---\neffective_from: 2026-02-30\n---\n", "---"),
            Gen.OneOf(
                    HostileText.PayloadSentence,
                    HostileText.PayloadSentence.Select(static s => "# " + s),
                    HostileText.PayloadSentence.Select(static s => "###### " + s),
                    HostileText.PayloadSentence.Select(static s => $"[{s}](javascript:window.__xss=1)"),
                    HostileText.PayloadSentence.Select(static s => $"![{s}](javascript:window.__xss=1 \"t\")"),
                    HostileText.PayloadSentence.Select(static s => $"| a | {s} |\n|---|---|\n| {s} | b |"),
                    HostileText.PayloadSentence.Select(static s => $"```\n{s}\n```"),
                    HostileText.PayloadSentence.Select(static s => $"<div onclick=\"x\">{s}</div>"),
                    HostileText.AnyUnicode,
                    HostileText.BacktrackingRun.Select(static s => s.Length > 5_000 ? s[..5_000] : s),
                    Gen.Int[1, 60].Select(static n => new string('#', n) + " deep"),
                    Gen.Int[1, 500].Select(static n => new string('>', n) + " quoted"),
                    Gen.Int[1, 500].Select(static n => new string('[', n) + new string(']', n)),
                    Gen.Int[1, 200].Select(static n => string.Concat(Enumerable.Repeat("- ", n)) + "nested list"))
                .Array[1, 25],
            static (frontMatter, blocks) => frontMatter + string.Join("\n\n", blocks));

    private static readonly Gen<string> HostileHtml =
        HostileText.PayloadSentence.Array[1, 20].Select(static parts =>
            "<html><head><title>" + parts[0] + "</title><script>window.__xss=1</script><style>p{}</style></head><body>" +
            string.Concat(parts.Select((p, i) => (i % 4) switch
            {
                0 => $"<h{1 + i % 6}>{p}</h{1 + i % 6}>",
                1 => $"<p onclick='x'>{p}<img src=x onerror=window.__xss=1></p>",
                2 => $"<a href=\"javascript:window.__xss=1\">{p}</a><table><tr><td>{p}</td></tr></table>",
                _ => $"<ul><li>{p}<li><![CDATA[{p}]]><!-- {p} -->",
            })) + "<div><div><div><span>unclosed");

    [Fact]
    public void Hostile_markdown_html_and_text_parse_or_are_refused_with_a_format_error()
    {
        var gen = Gen.Frequency(
            (3, HostileMarkdown.Select(static md => ("hostile.md", Encoding.UTF8.GetBytes(md)))),
            (2, HostileHtml.Select(static html => ("hostile.html", Encoding.UTF8.GetBytes(html)))),
            (1, HostileText.Any.Select(static text => ("hostile.txt", Encoding.UTF8.GetBytes(text)))));

        Fuzzing.Run("DocumentParser.Parse (generated Markdown/HTML/text)", gen, file => AssertParsesOrRefuses(file.Item1, file.Item2),
            iterations: 600, output, print: file => $"{file.Item1}: {Fuzzing.Preview(Encoding.UTF8.GetString(file.Item2))}");
    }

    [Fact]
    public void Mutated_files_of_every_kind_parse_or_are_refused_with_a_format_error()
    {
        var seeds = new (string Name, byte[] Content)[]
        {
            ("policy.md", Utf8("---\ntitle: Refunds\naudience: customer\nlanguage: en\n---\n# Refunds\n\nReturn within **30 days**. See [the form](https://example.com).\n\n## Shipping\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")),
            ("policy.html", Utf8("<html><head><title>Refunds</title></head><body><h1>Refunds</h1><p>Return within 30 days.</p><ul><li>one</li></ul></body></html>")),
            ("policy.txt", Utf8("Refunds\n\nReturn within 30 days of delivery.\n")),
            ("policy.docx", Docx(body =>
            {
                body.Append(Para("Refund policy", "Title"));
                body.Append(Para("Return within 30 days <script>window.__xss=1</script>"));
                body.Append(Table(["a", "b"], ["1", "2"]));
            })),
            ("policy.pdf", PolicyPdf("Refunds")),
        };
        var gen = Gen.Int[0, seeds.Length - 1].SelectMany(i => HostileBytes.Mutated(Gen.Const(seeds[i].Content)).Select(bytes => (seeds[i].Name, bytes)));
        var counts = new int[seeds.Length];

        Fuzzing.Run("DocumentParser.Parse (mutated md/html/txt/docx/pdf)", gen, file =>
        {
            Interlocked.Increment(ref counts[Array.FindIndex(seeds, s => s.Name == file.Name)]);
            AssertParsesOrRefuses(file.Name, file.bytes);
        }, iterations: 800, output, print: file => $"{file.Name}, {file.bytes.Length} bytes: {Convert.ToBase64String(file.bytes)}");

        output.WriteLine("per kind: " + string.Join(", ", seeds.Select((s, i) => $"{Path.GetExtension(s.Name)} {counts[i]}")));
    }

    [Fact]
    public void Docx_files_with_hostile_text_parse_or_are_refused_with_a_format_error()
    {
        var gen = HostileText.PayloadSentence.Select(XmlSafe).Array[1, 12];

        Fuzzing.Run("DocumentParser.Parse (generated DOCX)", gen, paragraphs =>
        {
            var docx = Docx(body =>
            {
                body.Append(Para(paragraphs[0], "Heading1"));
                foreach (var text in paragraphs.Skip(1))
                {
                    body.Append(Para(text));
                }
            }, coreTitle: paragraphs[^1]);
            AssertParsesOrRefuses("hostile.docx", docx);
        }, iterations: 100, output, print: p => string.Join(" / ", p));
    }

    private static void AssertParsesOrRefuses(string fileName, byte[] content)
    {
        var outcome = Fuzzing.Within(PerFile, $"DocumentParser.Parse({fileName})", () =>
        {
            try
            {
                return DocumentParser.Parse(fileName, content) is { } parsed ? (Exception?)null : throw new InvalidOperationException("null");
            }
            catch (DocumentFormatException refused)
            {
                return refused;
            }
        });

        if (outcome is DocumentFormatException refused)
        {
            Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        }
    }

    /// <summary>Text a .docx can hold: XML has no NUL, most control characters or lone surrogates.</summary>
    private static string XmlSafe(string text) =>
        new(text.Where(static c => XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c)).ToArray());
}
