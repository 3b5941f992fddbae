using HelpdeskBot.Classifier.Languages;

namespace HelpdeskBot.Classifier.Tests;

public sealed class LanguageDetectorTests
{
    private readonly LanguageDetector _detector = new();

    [Theory]
    [InlineData("hi")]
    [InlineData("hello")]
    [InlineData("hey there")]
    [InlineData("thanks")]
    [InlineData("thank you so much")]
    [InlineData("good morning")]
    [InlineData("help")]
    [InlineData("where is my order?")]
    [InlineData("where's my package ORD-100123")]
    [InlineData("what can you do")]
    [InlineData("can you check order 100123 please")]
    [InlineData("my parcel hasn't arrived yet")]
    [InlineData("I want to track my delivery")]
    [InlineData("is there an update on #100123")]
    [InlineData("the courier never showed up")]
    [InlineData("how does this work")]
    [InlineData("tell me a joke")]
    [InlineData("what's the weather in Paris")]
    [InlineData("who won the match yesterday")]
    [InlineData("I need help with my invoice")]
    [InlineData("please reset my password")]
    [InlineData("can I talk to a human")]
    [InlineData("wheres my ordr")]
    [InlineData("hiii")]
    [InlineData("thx")]
    [InlineData("ok thanks, bye")]
    [InlineData("Could you tell me when my order will be delivered?")]
    [InlineData("I ordered shoes last week and they still haven't shipped")]
    [InlineData("show me the menu")]
    [InlineData("good evening, anyone there?")]
    [InlineData("what is the status of my order")]
    [InlineData("yes please")]
    public void English_sentences_are_detected_as_english(string text)
    {
        Assert.Equal(LanguageCodes.English, _detector.Detect(text));
    }

    [Theory]
    [InlineData("halo")]
    [InlineData("hai kak")]
    [InlineData("makasih")]
    [InlineData("terima kasih")]
    [InlineData("selamat pagi")]
    [InlineData("pagi min")]
    [InlineData("permisi")]
    [InlineData("bantuan")]
    [InlineData("tolong cek pesanan saya")]
    [InlineData("pesanan saya ORD-100123 sudah sampai mana?")]
    [InlineData("gimana status pesanan sy?")]
    [InlineData("paket saya udah dikirim belum?")]
    [InlineData("kiriman saya blm sampai")]
    [InlineData("pesanan 100123 kok nggak dateng2")]
    [InlineData("sy mau tanya")]
    [InlineData("kamu bisa bantu apa aja?")]
    [InlineData("gmn cara pakai bot ini")]
    [InlineData("siapa presiden pertama Indonesia")]
    [InlineData("cuaca hari ini gimana")]
    [InlineData("ceritain lelucon dong")]
    [InlineData("order saya udah dikirim belum")]
    [InlineData("cek paket dong kak")]
    [InlineData("haloooo")]
    [InlineData("pesnan sy blm nyampe")]
    [InlineData("Apakah pesanan saya sudah dikirimkan?")]
    [InlineData("Saya ingin mengetahui posisi paket saya")]
    [InlineData("barangnya belum diterima")]
    [InlineData("mohon dibantu ya")]
    [InlineData("udah seminggu nggak ada kabar")]
    [InlineData("ok makasih ya")]
    [InlineData("assalamualaikum")]
    [InlineData("tolong")]
    public void Indonesian_sentences_including_informal_ones_are_detected_as_indonesian(string text)
    {
        Assert.Equal(LanguageCodes.Indonesian, _detector.Detect(text));
    }

    [Theory]
    [InlineData("ok", "id-ID", "id")]
    [InlineData("ok", "en-US", "en")]
    [InlineData("ok", null, "en")]
    [InlineData("p", "id", "id")]
    [InlineData("ORD-100123", "in_ID", "id")]
    [InlineData("status ORD-100123", "id-ID", "id")]
    [InlineData("", "id-ID", "id")]
    [InlineData("", null, "en")]
    [InlineData("ok", "fr-FR", "en")]
    public void The_locale_hint_decides_when_the_text_has_no_clear_signal(string text, string? hint, string expected)
    {
        Assert.Equal(expected, _detector.Detect(text, hint));
    }

    [Theory]
    [InlineData("thanks", "id-ID", "en")]
    [InlineData("where is my order", "id-ID", "en")]
    [InlineData("makasih", "en-US", "id")]
    [InlineData("pesanan saya sudah sampai mana", "en-GB", "id")]
    public void A_clear_text_signal_wins_over_the_locale_hint(string text, string hint, string expected)
    {
        Assert.Equal(expected, _detector.Detect(text, hint));
    }

    [Fact]
    public void Detection_is_deterministic()
    {
        const string Text = "halo, order saya gimana?";
        var first = _detector.Detect(Text);
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(first, _detector.Detect(Text)));
    }
}
