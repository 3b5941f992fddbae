using HelpdeskBot.Knowledge.Documents;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class CanonicalMarkdownTests
{
    [Fact]
    public void Headings_are_written_by_depth_and_paragraphs_are_separated_by_blank_lines()
    {
        var document = new ParsedDocument(new DocumentFields(Title: "Ignored"),
        [
            new DocumentSection([], ["Preamble."]),
            new DocumentSection(["Returns"], []),
            new DocumentSection(["Returns", "Refunds"], ["Refunds take 5 days.", "Cards take longer."]),
            new DocumentSection(["Returns", "Exchanges"], ["Free."]),
        ]);

        Assert.Equal(
            "Preamble.\n\n# Returns\n\n## Refunds\n\nRefunds take 5 days.\n\nCards take longer.\n\n## Exchanges\n\nFree.\n",
            document.ToMarkdown());
    }

    [Fact]
    public void Headings_a_section_inherits_are_written_once_and_a_repeated_heading_starts_a_new_section()
    {
        var document = new ParsedDocument(new DocumentFields(),
        [
            new DocumentSection(["A", "B", "C"], ["c"]),
            new DocumentSection(["A", "B", "C"], ["c again"]),
            new DocumentSection(["A"], ["back in a"]),
        ]);

        Assert.Equal("# A\n\n## B\n\n### C\n\nc\n\n### C\n\nc again\n\n# A\n\nback in a\n", document.ToMarkdown());
    }

    [Fact]
    public void Code_is_fenced_and_text_that_looks_like_markup_is_escaped()
    {
        var document = new ParsedDocument(new DocumentFields(),
        [
            new DocumentSection(["S"], ["# 1 priority", "---", "run:\n```\nx\n```"]),
        ]);

        Assert.Equal("# S\n\n\\# 1 priority\n\n\\---\n\n````\nrun:\n```\nx\n```\n````\n", document.ToMarkdown());
    }

    [Fact]
    public void Parsed_markdown_written_back_parses_to_the_same_sections()
    {
        var original = ParseText("a.md", """
            ---
            title: T
            ---
            Intro with **bold**.

            # Top

            ## Fees

            | Plan | Fee |
            |---|---|
            | Basic | 10 |

            \# not a heading

            ```
            code  line
              indented
            ```

            #### Deep

            - item one
            """);

        var reparsed = ParseText("b.md", original.ToMarkdown());

        Assert.Equal(
            original.Sections.Select(s => (string.Join('/', s.HeadingPath), string.Join('|', s.Paragraphs))),
            reparsed.Sections.Select(s => (string.Join('/', s.HeadingPath), string.Join('|', s.Paragraphs))));
        Assert.DoesNotContain("title:", original.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_document_becomes_markdown_with_its_outline()
    {
        var content = Docx(body =>
        {
            body.Append(Para("Leave", "Title"));
            body.Append(Para("Annual", "Heading1"));
            body.Append(Para("12 days."));
        });

        Assert.Equal("# Leave\n\n## Annual\n\n12 days.\n", DocumentParser.Parse("a.docx", content).ToMarkdown());
    }
}
