using HelpdeskBot.Knowledge.Documents;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class MarkdownParsingTests
{
    private const string Policy = """
        ---
        title: "Returns and refunds"
        owner: 'Customer Care'
        audience: customer
        language: EN
        status: published
        effective_from: 2025-01-01
        effective_to: 2025-12-31
        ---
        # Returns

        Unused items can be returned
        within 30 days.

        ## Refunds

        Refunds take 5 days.

        ### Card payments

        Card refunds go back to the card.

        ## Exchanges

        Exchanges are free.
        """;

    [Fact]
    public void Front_matter_sets_every_field_and_quotes_are_removed()
    {
        var fields = ParseText("refunds.md", Policy).Fields;

        Assert.Equal(
            new DocumentFields("Returns and refunds", "Customer Care", Audience.Customer, "en", DocumentStatus.Published,
                new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
            fields);
    }

    [Fact]
    public void Headings_nest_and_a_new_heading_replaces_its_level_and_drops_deeper_ones()
    {
        var sections = ParseText("refunds.md", Policy).Sections;

        Assert.Equal(
            [
                ["Returns"],
                ["Returns", "Refunds"],
                ["Returns", "Refunds", "Card payments"],
                ["Returns", "Exchanges"],
            ],
            sections.Select(s => s.HeadingPath.ToArray()).ToArray());
        Assert.Equal(["Unused items can be returned within 30 days."], sections[0].Paragraphs);
        Assert.Equal(["Exchanges are free."], sections[3].Paragraphs);
    }

    [Fact]
    public void Without_a_front_matter_title_the_first_top_level_heading_is_the_title()
    {
        var document = ParseText("faq.md", "Intro line.\n\n## Not this\n\ntext\n\n# Shipping FAQ\n\nWe ship daily.");

        Assert.Equal("Shipping FAQ", document.Fields.Title);
        Assert.Equal(new DocumentFields(Title: "Shipping FAQ"), document.Fields);
    }

    [Fact]
    public void Text_before_the_first_heading_has_an_empty_heading_path()
    {
        var sections = ParseText("a.md", "Preamble here.\n\n# Title\n\nBody.").Sections;

        Assert.Empty(sections[0].HeadingPath);
        Assert.Equal(["Preamble here."], sections[0].Paragraphs);
        Assert.Equal(["Title"], sections[1].HeadingPath);
    }

    [Fact]
    public void A_heading_that_skips_a_level_nests_under_the_last_shallower_heading()
    {
        var sections = ParseText("a.md", "# A\n\n### C\n\nc text\n\n## B\n\nb text").Sections;

        Assert.Equal(["A", "C"], sections[1].HeadingPath);
        Assert.Equal(["A", "B"], sections[2].HeadingPath);
    }

    [Fact]
    public void List_items_are_paragraphs_without_their_markers()
    {
        var paragraphs = ParseText("a.md", """
            # Steps
            Before you start:
            - Sign in
            * Open **Orders**
              and pick the order
            1. Press [Return](https://example.com/return "return")
            2) Print the label
            - [x] Done
            """).Sections[0].Paragraphs;

        Assert.Equal(
            ["Before you start:", "Sign in", "Open Orders and pick the order", "Press Return", "Print the label", "Done"],
            paragraphs);
    }

    [Fact]
    public void Table_rows_keep_their_cells_joined_and_the_separator_row_is_skipped()
    {
        var paragraphs = ParseText("a.md", """
            # Fees

            | Plan | Fee |
            |:-----|----:|
            | **Basic** | Rp 10.000 |
            | Pro | a \| b |

            After the table.
            """).Sections[0].Paragraphs;

        Assert.Equal(["Plan | Fee", "Basic | Rp 10.000", "Pro | a | b", "After the table."], paragraphs);
    }

    [Fact]
    public void A_fenced_code_block_is_one_paragraph_with_its_lines_and_no_markup_is_read_inside_it()
    {
        var paragraphs = ParseText("a.md", """
            # Reset

            ```powershell
            # not a heading
            Reset-Password -User **me**

            - not a list
            ```

            Done.
            """).Sections[0].Paragraphs;

        Assert.Equal(["# not a heading\nReset-Password -User **me**\n\n- not a list", "Done."], paragraphs);
    }

    [Theory]
    [InlineData("**bold** and __strong__", "bold and strong")]
    [InlineData("*em* and _em_ but snake_case_name stays", "em and em but snake_case_name stays")]
    [InlineData("see [the guide](https://x.test/a) or ![logo](logo.png)", "see the guide or logo")]
    [InlineData("run `a*b*c` now", "run a*b*c now")]
    [InlineData("~~old~~ new &amp; better", "old new & better")]
    [InlineData(@"escaped \*stars\* and \# hash", "escaped *stars* and # hash")]
    [InlineData("mail <help@example.com> or <https://x.test>", "mail help@example.com or https://x.test")]
    [InlineData("line<br>break and <span class=\"x\">span</span>", "line break and span")]
    [InlineData("2 * 3 * 4 = 24", "2 * 3 * 4 = 24")]
    public void Inline_markup_is_reduced_to_the_text_a_reader_sees(string markdown, string expected)
    {
        var paragraphs = ParseText("a.md", markdown).Sections[0].Paragraphs;

        Assert.Equal([expected], paragraphs);
    }

    [Fact]
    public void Setext_headings_block_quotes_comments_and_rules_are_understood()
    {
        var sections = ParseText("a.md", """
            Guide
            =====

            > Quoted advice
            > on two lines.

            <!-- editor note
            spanning lines -->
            ***

            Usage
            -----
            Text.
            """).Sections;

        Assert.Equal(["Guide"], sections[0].HeadingPath);
        Assert.Equal(["Quoted advice on two lines."], sections[0].Paragraphs);
        Assert.Equal(["Guide", "Usage"], sections[1].HeadingPath);
        Assert.Equal(["Text."], sections[1].Paragraphs);
    }

    [Fact]
    public void A_byte_order_mark_and_windows_line_endings_change_nothing()
    {
        var withBom = DocumentParser.Parse("a.md", [0xEF, 0xBB, 0xBF, .. Utf8("---\r\ntitle: T\r\n---\r\n# H\r\n\r\nBody\r\nline.\r\n")]);

        Assert.Equal("T", withBom.Fields.Title);
        Assert.Equal(["H"], withBom.Sections[0].HeadingPath);
        Assert.Equal(["Body line."], withBom.Sections[0].Paragraphs);
    }

    [Fact]
    public void Everyone_and_employee_audiences_dates_and_statuses_are_read_case_insensitively()
    {
        var fields = ParseText("a.md", "---\nAudience: Employee\nstatus: DRAFT\nlanguage: id\n---\nIsi.").Fields;
        var everyone = ParseText("a.md", "---\naudience: everyone\nstatus: retired\n---\nIsi.").Fields;

        Assert.Equal((Audience.Employee, DocumentStatus.Draft, "id"), (fields.Audience, fields.Status, fields.Language));
        Assert.Equal((Audience.Everyone, DocumentStatus.Retired), (everyone.Audience, everyone.Status));
    }

    [Fact]
    public void An_empty_front_matter_value_sets_nothing()
    {
        var fields = ParseText("a.md", "---\ntitle:\nowner: ''\n# a comment\n\n---\nText.").Fields;

        Assert.Equal(new DocumentFields(), fields);
    }

    [Theory]
    [InlineData("---\ntitle: A\ncolour: blue\n---\nx", "line 3", "unknown key 'colour'")]
    [InlineData("---\naudience: staff\n---\nx", "line 2", "use customer, employee or everyone")]
    [InlineData("---\nlanguage: english\n---\nx", "line 2", "two-letter language code")]
    [InlineData("---\nstatus: live\n---\nx", "line 2", "use draft, published or retired")]
    [InlineData("---\neffective_from: 01/02/2025\n---\nx", "line 2", "yyyy-MM-dd")]
    [InlineData("---\neffective_to: 2025-02-30\n---\nx", "line 2", "effective_to '2025-02-30'")]
    [InlineData("---\neffective_from: 2025-06-01\neffective_to: 2025-05-31\n---\nx", "effective_to (2025-05-31) is before effective_from (2025-06-01)", "never be in effect")]
    [InlineData("---\ntitle: A\n# ok\n", "starts on line 1 is never closed", "'---'")]
    [InlineData("---\ntitle: A\njust words\n---\nx", "line 3", "'just words' is not 'key: value'")]
    [InlineData("---\ntitle: \"Refunds\n---\nx", "line 2", "does not end with one")]
    [InlineData("---\ntitle: A\ntitle: B\n---\nx", "line 3", "'title' is set twice")]
    public void Invalid_front_matter_is_an_error_naming_the_line_and_what_is_allowed(string markdown, string where, string what)
    {
        var error = Assert.Throws<DocumentFormatException>(() => ParseText("policy.md", markdown));

        Assert.StartsWith("policy.md", error.Message, StringComparison.Ordinal);
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_front_matter_only_file_has_no_text()
    {
        var error = Assert.Throws<DocumentFormatException>(() => ParseText("a.md", "---\ntitle: A\n---\n\n"));

        Assert.Contains("contains no text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_without_any_text_are_an_error()
    {
        var error = Assert.Throws<DocumentFormatException>(() => ParseText("a.md", "# One\n\n## Two\n"));

        Assert.Contains("headings but no text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dash_line_later_in_the_file_is_not_front_matter()
    {
        var document = ParseText("a.md", "Intro.\n\n---\ntitle: x\n\n---\n");

        Assert.Null(document.Fields.Title);
        Assert.Equal(["Intro.", "title: x"], document.Sections[0].Paragraphs);
    }
}
