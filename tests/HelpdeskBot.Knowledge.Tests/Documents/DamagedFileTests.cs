using System.Text;
using HelpdeskBot.Knowledge.Documents;
using static HelpdeskBot.Knowledge.Tests.Documents.TestFiles;

namespace HelpdeskBot.Knowledge.Tests.Documents;

/// <summary>Whatever is wrong with an upload, the parser either reads it or says why: no other exception escapes.</summary>
public sealed class DamagedFileTests
{
    private static byte[] Damage(byte[] content, int seed)
    {
        var random = new Random(seed);
        var damaged = content.ToArray();
        for (var i = 0; i < 12; i++)
        {
            damaged[random.Next(damaged.Length / 10, damaged.Length)] = (byte)random.Next(256);
        }

        return damaged;
    }

    private static void AssertReadOrRefused(string fileName, byte[] content)
    {
        var error = Record.Exception(() => DocumentParser.Parse(fileName, content));

        Assert.True(error is null or DocumentFormatException, error?.ToString());
    }

    [Fact]
    public void Damaged_pdfs_are_read_or_refused_with_a_format_error()
    {
        var pdf = PolicyPdf("Refunds");
        for (var seed = 0; seed < 40; seed++)
        {
            AssertReadOrRefused("a.pdf", Damage(pdf, seed));
        }
    }

    [Fact]
    public void Damaged_word_documents_are_read_or_refused_with_a_format_error()
    {
        var docx = Docx(body =>
        {
            body.Append(Para("Title", "Heading1"));
            body.Append(Para("Some text."));
            body.Append(Table(["a", "b"]));
        });
        for (var seed = 0; seed < 40; seed++)
        {
            AssertReadOrRefused("a.docx", Damage(docx, seed));
        }
    }

    [Fact]
    public void Arbitrary_markup_soup_is_read_or_refused_with_a_format_error()
    {
        const string Alphabet = "<>/!-#*_`~[]()|:'\"=&; \n\tabch1pliscrytdb-";
        for (var seed = 0; seed < 200; seed++)
        {
            var random = new Random(seed);
            var text = new StringBuilder();
            for (var i = 0; i < 300; i++)
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }

            var content = Encoding.UTF8.GetBytes(text.ToString());
            AssertReadOrRefused("a.md", content);
            AssertReadOrRefused("a.html", content);
            AssertReadOrRefused("a.txt", content);
            AssertReadOrRefused("a.md", [.. "---\n"u8, .. content]);
        }
    }
}
