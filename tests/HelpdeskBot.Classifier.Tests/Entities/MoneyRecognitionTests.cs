using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Classifier.Tests.Entities;

public sealed class MoneyRecognitionTests
{
    [Theory]
    [InlineData("harganya Rp 1.500.000", "IDR 1500000", "Rp 1.500.000")]
    [InlineData("Rp1,5 juta", "IDR 1500000", "Rp1,5 juta")]
    [InlineData("kurang lebih 1,5 juta", "IDR 1500000", "1,5 juta")]
    [InlineData("1.5jt aja", "IDR 1500000", "1.5jt")]
    [InlineData("500rb", "IDR 500000", "500rb")]
    [InlineData("500 ribu", "IDR 500000", "500 ribu")]
    [InlineData("2 miliar", "IDR 2000000000", "2 miliar")]
    [InlineData("Rp 150.000,-", "IDR 150000", "Rp 150.000,-")]
    [InlineData("Rp 1.500.000,50", "IDR 1500000.50", "Rp 1.500.000,50")]
    [InlineData("Rp. 75.000", "IDR 75000", "Rp. 75.000")]
    [InlineData("IDR 250,000", "IDR 250000", "IDR 250,000")]
    [InlineData("150000 rupiah", "IDR 150000", "150000 rupiah")]
    public void Rupiah_amounts_in_indonesian_and_english_notation_are_normalised(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.Money);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("it cost $20", "USD 20", "$20")]
    [InlineData("USD 20.50", "USD 20.50", "USD 20.50")]
    [InlineData("$20.5 please", "USD 20.50", "$20.5")]
    [InlineData("20 dollars", "USD 20", "20 dollars")]
    [InlineData("US$ 1,500,000.50", "USD 1500000.50", "US$ 1,500,000.50")]
    [InlineData("$2.5k", "USD 2500", "$2.5k")]
    [InlineData("$0.125", "USD 0.125", "$0.125")]
    [InlineData("€15", "EUR 15", "€15")]
    [InlineData("SGD 40", "SGD 40", "SGD 40")]
    public void Foreign_amounts_keep_their_currency_code(string text, string value, string matched)
    {
        var match = Recognizers.Friday.Single(text, EntityTypes.Money);

        Assert.Equal(value, match.Value);
        Assert.Equal(matched, match.Text);
    }

    [Theory]
    [InlineData("ORD-100123")]
    [InlineData("order 100123")]
    [InlineData("INV-2026-00001")]
    [InlineData("123456")]
    [InlineData("versi 1.5")]
    [InlineData("20k steps")]
    [InlineData("2 million users")]
    [InlineData("081234567890")]
    [InlineData("22/12/2026")]
    [InlineData("Rp 1.50.000")]
    public void Ids_phone_numbers_dates_and_numbers_without_a_currency_are_not_money(string text)
    {
        Assert.DoesNotContain(Recognizers.Friday.Recognize(text), m => m.Type == EntityTypes.Money);
    }

    [Theory]
    [InlineData("1.500.000", "1500000")]
    [InlineData("1,500,000", "1500000")]
    [InlineData("1.500.000,50", "1500000.50")]
    [InlineData("1,500,000.50", "1500000.50")]
    [InlineData("150.000", "150000")]
    [InlineData("250,000", "250000")]
    [InlineData("1,5", "1.50")]
    [InlineData("20.50", "20.50")]
    [InlineData("0.125", "0.125")]
    [InlineData("1500", "1500")]
    public void Thousands_and_decimal_marks_are_told_apart_by_the_shape_of_the_number(string number, string expected)
    {
        Assert.True(MoneyRecognizer.TryParseNumber(number, out var amount));
        Assert.Equal(expected, MoneyRecognizer.Format(amount));
    }

    [Theory]
    [InlineData("1.50.000")]
    [InlineData("1.500,000,5")]
    [InlineData("1,5.5,5")]
    [InlineData("10,00000")]
    public void Malformed_groupings_are_not_numbers(string number)
    {
        Assert.False(MoneyRecognizer.TryParseNumber(number, out _));
    }
}
