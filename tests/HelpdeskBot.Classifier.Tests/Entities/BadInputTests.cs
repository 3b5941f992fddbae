using System.Text;
using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class BadInputTests
{
    public static TheoryData<string> Nothing => new()
    {
        "",
        " ",
        "\t\r\n  ",
        "😀🎉👍🏽",
        "أريد استرداد أموالي",
        "٢٢/١٢/٢٠٢٦ ١٥٠٠٠٠",
        "我想退货，谢谢",
        "Здравствуйте, где мой заказ?",
        "\u0000\u0001\u0007\u001b[31m",
        "\ud800\udc00\ud800",
        "....,,,,----////@@@@####$$$$",
    };

    [Theory]
    [MemberData(nameof(Nothing))]
    public void Text_without_entities_gives_an_empty_list(string text)
    {
        Assert.Empty(Recognizers.Friday.Recognize(text));
    }

    [Theory]
    [InlineData("我的订单号是 ORD-100123，谢谢")]
    [InlineData("Мой заказ ORD-100123")]
    [InlineData("طلبي ORD-100123 من فضلك")]
    [InlineData("\u0000ORD-100123\u0007")]
    [InlineData("\u202eORD-100123\u202c")]
    public void Ids_are_found_among_other_scripts_and_control_characters(string text)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.OrderId);

        Assert.Equal("ORD-100123", match.Value);
    }

    public static TheoryData<string> Huge => new()
    {
        new string('a', 10_000),
        new string('1', 10_000),
        new string('0', 10_000),
        new string(' ', 10_000),
        string.Concat(Enumerable.Repeat("0812 ", 2_000)),
        string.Concat(Enumerable.Repeat("a.", 4_999)) + "@",
        string.Concat(Enumerable.Repeat("a", 9_990)) + "@example.c",
        string.Concat(Enumerable.Repeat("1.", 5_000)),
        string.Concat(Enumerable.Repeat("22 Dec - ", 1_100)),
        string.Concat(Enumerable.Repeat("order ", 1_600)) + "100123",
        string.Concat(Enumerable.Repeat("Rp ", 3_300)),
        string.Concat(Enumerable.Repeat("pesanan 100123 Rp 1.500.000 besok budi@example.com ", 200)),
        RandomText(10_000, seed: 1),
        RandomText(10_000, seed: 2),
    };

    [Theory]
    [MemberData(nameof(Huge))]
    public void Ten_thousand_characters_of_anything_give_a_valid_list(string text)
    {
        var matches = Recognizers.Friday.Recognize(text);

        Recognizers.AssertWellFormed(text, matches);
    }

    [Fact]
    public void A_long_message_still_yields_every_entity()
    {
        var text = string.Concat(Enumerable.Repeat("pesanan 100123 Rp 1.500.000 besok budi@example.com ", 200));

        var matches = Recognizers.Friday.Recognize(text);

        Assert.Equal(800, matches.Count);
    }

    [Fact]
    public void Null_text_is_a_programming_error()
    {
        Assert.Throws<ArgumentNullException>(() => Recognizers.Friday.Recognize(null!));
    }

    [Fact]
    public void One_instance_gives_the_same_answers_on_many_threads_at_once()
    {
        string[] texts =
        [
            "pesanan 100123 besok", "Rp 1,5 juta", "22 Dec to 2 Jan", "call 0812-3456-7890", "next Friday", "INV-2026-00042",
        ];
        var expected = texts.Select(t => Recognizers.Friday.Recognize(t)).ToArray();

        Parallel.For(0, 2_000, i =>
        {
            var index = i % texts.Length;
            Assert.Equal(expected[index], Recognizers.Friday.Recognize(texts[index]));
        });
    }

    // Digits, letters, separators, currency signs and words the patterns key on, in random order.
    private static string RandomText(int length, int seed)
    {
        string[] pieces =
        [
            "0", "1", "2", "8", "62", "+", "-", ".", ",", "/", ":", "#", "@", "$", "Rp", " ", " ", " ", "ord", "INV", "IT",
            "tiket", "juta", "rb", "Dec", "Desember", "tanggal", "from", "to", "s/d", "sampai", "next", "Friday", "hari",
            "minggu", "depan", "(", ")", "é", "中", "\u0000",
        ];
        var random = new Random(seed);
        var text = new StringBuilder(length + 10);
        while (text.Length < length)
        {
            text.Append(pieces[random.Next(pieces.Length)]);
        }

        return text.ToString(0, length);
    }
}
