using HelpdeskBot.Knowledge.Documents;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

public sealed class TextAndHtmlParsingTests
{
    [Fact]
    public void Text_paragraphs_are_separated_by_blank_lines_and_wrapped_lines_are_joined()
    {
        var document = ParseText("notes.txt", "First line\nwrapped here.\n\n\nSecond   paragraph.\r\n");

        Assert.Null(document.Fields.Title);
        var section = Assert.Single(document.Sections);
        Assert.Empty(section.HeadingPath);
        Assert.Equal(["First line wrapped here.", "Second paragraph."], section.Paragraphs);
    }

    [Fact]
    public void Text_bullets_are_paragraphs_and_a_short_capitalised_line_is_a_heading()
    {
        var sections = ParseText("notes.txt", "Intro text.\n\nREFUND POLICY\nWe refund:\n- damaged items\n• late orders\n\nFAQ\n\nAsk us.").Sections;

        Assert.Equal(["Intro text."], sections[0].Paragraphs);
        Assert.Equal(["REFUND POLICY"], sections[1].HeadingPath);
        Assert.Equal(["We refund:", "damaged items", "late orders"], sections[1].Paragraphs);
        Assert.Equal(["FAQ"], sections[2].HeadingPath);
        Assert.Equal(["Ask us."], sections[2].Paragraphs);
    }

    [Fact]
    public void A_shouted_sentence_inside_a_paragraph_is_not_a_heading()
    {
        var section = Assert.Single(ParseText("notes.txt", "Read this first.\nDO NOT SHARE YOUR PASSWORD.").Sections);

        Assert.Equal(["Read this first. DO NOT SHARE YOUR PASSWORD."], section.Paragraphs);
    }

    private const string Page = """
        <!DOCTYPE html>
        <html><head>
          <title>Help &amp; support</title>
          <style>p { color: red; }</style>
          <script>if (a < b) { document.write("<p>hidden</p>"); }</script>
        </head>
        <body>
          <nav><a href="/">Home</a> <a href="/help">Help</a></nav>
          <h1>Returns</h1>
          <p>Items can be returned
             within <b>30&nbsp;days</b>.</p>
          <!-- <p>commented out</p> -->
          <h2 class="x">Refunds</h2>
          <div>Refunds take 5 days.<br>Card refunds take longer.<br><br>Cash is refunded in store.</div>
          <ul><li>Keep the receipt</li><li>Keep the box <ul><li>if you can</li></ul></li></ul>
          <h3>Fees</h3>
          <table>
            <tr><th>Plan</th><th>Fee</th></tr>
            <tr><td>Basic</td><td></td><td>Rp 10.000</td></tr>
          </table>
          <h2>Exchanges</h2>
          <pre>line one
          line two</pre>
          <p title="a > b">Exchanges are free &lt;always&gt;.</p>
          <noscript>Enable JavaScript</noscript>
          <footer>© 2025 Acme</footer>
        </body></html>
        """;

    [Fact]
    public void Html_headings_build_heading_paths_and_the_title_element_is_the_title()
    {
        var document = ParseText("help.html", Page);

        Assert.Equal("Help & support", document.Fields.Title);
        Assert.Equal(
            [["Returns"], ["Returns", "Refunds"], ["Returns", "Refunds", "Fees"], ["Returns", "Exchanges"]],
            document.Sections.Select(s => s.HeadingPath.ToArray()).ToArray());
    }

    [Fact]
    public void Html_blocks_list_items_rows_and_double_breaks_are_paragraphs_and_page_furniture_is_dropped()
    {
        var sections = ParseText("help.html", Page).Sections;

        Assert.Equal(["Items can be returned within 30 days."], sections[0].Paragraphs);
        Assert.Equal(
            ["Refunds take 5 days. Card refunds take longer.", "Cash is refunded in store.", "Keep the receipt", "Keep the box", "if you can"],
            sections[1].Paragraphs);
        Assert.Equal(["Plan | Fee", "Basic | Rp 10.000"], sections[2].Paragraphs);
        Assert.Equal(["line one\n  line two", "Exchanges are free <always>."], sections[3].Paragraphs);

        var allText = string.Join(" ", sections.SelectMany(s => s.Paragraphs));
        Assert.DoesNotContain("hidden", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("color", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("commented", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("JavaScript", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme", allText, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_title_element_the_first_h1_is_the_title()
    {
        var document = ParseText("a.htm", "<h2>Intro</h2><p>x</p><svg><title>icon</title></svg><h1>Leave <em>policy</em></h1><p>y</p>");

        Assert.Equal("Leave policy", document.Fields.Title);
    }

    [Fact]
    public void A_fragment_without_html_or_body_and_with_unclosed_paragraphs_still_reads()
    {
        var section = Assert.Single(ParseText("a.html", "<p>One<p>Two & three<p>4 < 5").Sections);

        Assert.Equal(["One", "Two & three", "4 < 5"], section.Paragraphs);
    }

    [Fact]
    public void Html_with_only_scripts_has_no_text()
    {
        var error = Assert.Throws<DocumentFormatException>(() => ParseText("a.html", "<html><script>var x = 1;</script></html>"));

        Assert.Equal("a.html contains no text.", error.Message);
    }
}
