using HelpdeskBot.Connectors.ItSupport;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.ItSupport;

public sealed class TicketSimilarityTests
{
    private static TicketInfo Ticket(TicketCategory category, string title, string description) =>
        new("IT-000001", title, description, category, TicketStatus.Open, TicketUrgency.Medium, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, 0);

    [Theory]
    [InlineData("my laptop won't connect to the VPN", "VPN not connecting", "Laptop can't connect to the VPN from home")]
    [InlineData("VPN putus terus dari rumah", "VPN putus", "VPN sering putus kalau di rumah")]
    [InlineData("laptop saya tidak bisa connect ke VPN", "VPN", "laptop cannot connect")]
    [InlineData("The Wi-Fi on floor 3 is down", "wifi down", "wifi floor 3")]
    public void Same_category_with_shared_content_words_is_similar(string description, string title, string existing)
    {
        Assert.True(TicketSimilarity.IsSimilar(TicketCategory.Network, description, Ticket(TicketCategory.Network, title, existing)));
    }

    [Fact]
    public void A_different_category_is_never_similar()
    {
        var ticket = Ticket(TicketCategory.Hardware, "VPN not connecting", "Laptop can't connect to the VPN");

        Assert.False(TicketSimilarity.IsSimilar(TicketCategory.Network, "my laptop won't connect to the VPN", ticket));
    }

    [Theory]
    [InlineData("printer jammed", "printer on floor 3 not printing", true)] // one shared word is half of the shorter text
    [InlineData("the new monitor flickers badly", "keyboard missing keys, monitor cable loose", false)] // one word of many
    [InlineData("I have a problem, please help", "problem help please urgent", false)] // only stop and generic words
    [InlineData("tolong, ada masalah", "ada masalah tolong", false)]
    [InlineData("Outlook tidak bisa kirim email", "Outlook cannot send email", true)]
    public void Overlap_rule(string first, string second, bool similar)
    {
        Assert.Equal(similar, TicketSimilarity.AreSimilar(first, second));
    }

    [Fact]
    public void Content_words_drop_stop_words_in_both_languages_and_join_hyphenated_words()
    {
        Assert.Equal(
            ["wifi", "lantai", "mati", "email", "kerja"],
            TicketSimilarity.ContentWords("Wi-Fi di lantai 3 mati, e-mail juga down dan saya tidak bisa kerja"));
    }

    [Theory]
    [InlineData("my laptop won't connect to the VPN", true)]
    [InlineData("printer di lantai 3 macet", true)]
    [InlineData("I want to report an IT problem", false)]
    [InlineData("Report an IT problem", false)]
    [InlineData("buat tiket dong", false)]
    [InlineData("I have a printer problem", false)]
    public void A_request_is_descriptive_when_it_names_at_least_two_content_words(string text, bool descriptive)
    {
        Assert.Equal(descriptive, TicketSimilarity.IsDescriptive(text));
    }
}
