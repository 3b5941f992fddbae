using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Connectors;
using HelpdeskBot.Skills.Cards;
using HelpdeskBot.Skills.Hr;
using HelpdeskBot.Skills.ItSupport;

namespace HelpdeskBot.Skills.Tests.Cards;

/// <summary>The card builder writes the Adaptive Cards schema: discriminators, camelCase, no nulls, and reads it back.</summary>
public sealed class AdaptiveCardJsonTests
{
    private static readonly AdaptiveCard Everything = new()
    {
        Lang = "en",
        FallbackText = "fallback",
        Body =
        [
            new TextBlock("Hello") { Weight = "bolder" },
            new FactSet([new Fact("Type", "Annual")]),
            new InputText { Id = "summary", Label = "Summary", IsMultiline = true, MaxLength = 80, IsRequired = true, ErrorMessage = "Needed" },
            new InputDate { Id = "start", Label = "First day", Value = "2026-12-21", Min = "2026-12-01" },
            new InputChoiceSet([new Choice("Annual", "annual")]) { Id = "type", Style = "expanded" },
            new InputToggle("Urgent") { Id = "urgent", ValueOn = "yes", ValueOff = "no" },
            new ActionSet([new OpenUrlAction("Policy", new Uri("https://intranet.example/leave"))]),
        ],
        Actions =
        [
            new SubmitAction("Submit", new Dictionary<string, string> { ["hdAction"] = "form.submit" }) { Style = "positive" },
            new ExecuteAction("Run", "confirm.yes", new Dictionary<string, string> { ["hdRef"] = "confirm:2" }) { AssociatedInputs = "none" },
        ],
    };

    [Fact]
    public void A_card_is_written_with_the_schema_fields_and_type_discriminators()
    {
        var json = JsonNode.Parse(AdaptiveCards.Serialize(Everything))!.AsObject();

        Assert.Equal("AdaptiveCard", (string?)json["type"]);
        Assert.Equal("1.5", (string?)json["version"]);
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", (string?)json["$schema"]);
        Assert.Equal(
            ["TextBlock", "FactSet", "Input.Text", "Input.Date", "Input.ChoiceSet", "Input.Toggle", "ActionSet"],
            json["body"]!.AsArray().Select(e => (string?)e!["type"]));
        Assert.Equal(["Action.Submit", "Action.Execute"], json["actions"]!.AsArray().Select(a => (string?)a!["type"]));
        Assert.Equal("Action.OpenUrl", (string?)json["body"]![6]!["actions"]![0]!["type"]);
        Assert.Equal("https://intranet.example/leave", (string?)json["body"]![6]!["actions"]![0]!["url"]);
        Assert.Equal("confirm.yes", (string?)json["actions"]![1]!["verb"]);
        Assert.Equal("form.submit", (string?)json["actions"]![0]!["data"]!["hdAction"]);
        Assert.True((bool)json["body"]![2]!["isMultiline"]!);
        Assert.Equal("Type", (string?)json["body"]![1]!["facts"]![0]!["title"]);
        Assert.Equal("Annual", (string?)json["body"]![1]!["facts"]![0]!["value"]);
        Assert.Equal("annual", (string?)json["body"]![4]!["choices"]![0]!["value"]);
    }

    [Theory]
    [InlineData("en", null, "Was this answer helpful?")]
    [InlineData("id", "Kebijakan ini hanya tersedia dalam bahasa Inggris; isinya:", "Apakah jawaban ini membantu?")]
    public void A_knowledge_answer_card_shows_the_passage_then_its_citation_set_apart_then_the_feedback_buttons(
        string language, string? introduction, string question)
    {
        var card = HelpdeskCards.Answer(language, "Items can be returned within 14 days.", "Source: Returns and refunds › The return window (version 1)", introduction);
        var json = JsonNode.Parse(AdaptiveCards.Serialize(card))!.AsObject();
        var texts = json["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string?)e!["text"]).ToList();

        string?[] expected = introduction is null
            ? ["Items can be returned within 14 days.", "Source: Returns and refunds › The return window (version 1)"]
            : [introduction, "Items can be returned within 14 days.", "Source: Returns and refunds › The return window (version 1)"];
        Assert.Equal(expected, texts.Take(expected.Length));
        Assert.Equal(question, texts[^1]);
        var citation = json["body"]!.AsArray().Single(e => ((string?)e!["text"])?.StartsWith("Source:", StringComparison.Ordinal) == true)!;
        Assert.True((bool)citation["separator"]!);
        Assert.True((bool)citation["isSubtle"]!);
        var actions = json["body"]!.AsArray().Single(e => (string?)e!["type"] == "ActionSet")!["actions"]!.AsArray();
        Assert.Equal([CardVerbs.Helpful, CardVerbs.NotHelpful], actions.Select(a => (string?)a!["data"]!["hdAction"]));
        Assert.Contains("Source: Returns and refunds", card.FallbackText, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_written_as_null_and_every_name_is_camel_case()
    {
        var text = AdaptiveCards.Serialize(Everything);

        Assert.DoesNotContain("null", text, StringComparison.Ordinal);
        foreach (var name in Names(JsonNode.Parse(text)!))
        {
            Assert.True(name == "$schema" || char.IsLower(name[0]) || name.StartsWith("hd", StringComparison.Ordinal), $"'{name}' is not camelCase");
        }
    }

    [Fact]
    public void A_card_reads_back_to_the_same_card()
    {
        var text = AdaptiveCards.Serialize(Everything);

        var read = AdaptiveCards.Deserialize(text)!;

        Assert.Equal(text, AdaptiveCards.Serialize(read));
        Assert.IsType<InputToggle>(read.Body[5]);
        Assert.Equal("confirm.yes", Assert.IsType<ExecuteAction>(read.Actions![1]).Verb);
    }

    [Fact]
    public void The_form_cards_round_trip_and_carry_the_form_and_card_reference_on_submit()
    {
        var leave = LeaveRequestCard.For(new LeaveRequestFormState { LastActivityAt = DateTimeOffset.UnixEpoch }, "en", "form:1")!;
        var ticket = TicketCreateCard.For(new TicketCreateFormState { LastActivityAt = DateTimeOffset.UnixEpoch }, "id", "form:2")!;

        foreach (var (card, form, cardRef) in new[] { (leave, "hr.leave_request", "form:1"), (ticket, "it.ticket_create", "form:2") })
        {
            var text = AdaptiveCards.Serialize(card);
            Assert.Equal(text, AdaptiveCards.Serialize(AdaptiveCards.Deserialize(text)!));
            var submit = Assert.IsType<SubmitAction>(Assert.Single(card.Actions!));
            Assert.Equal(CardVerbs.FormSubmit, submit.Data[CardData.Action]);
            Assert.Equal(form, submit.Data[CardData.Form]);
            Assert.Equal(cardRef, submit.Data[CardData.Ref]);
        }
    }

    [Fact]
    public void No_button_on_a_confirmation_card_skips_input_validation()
    {
        var card = HelpdeskCards.Confirmation("en", "confirm:3");

        Assert.All(card.AllActions.OfType<SubmitAction>(), a => Assert.Equal("none", a.AssociatedInputs));
        Assert.Equal([CardVerbs.ConfirmYes, CardVerbs.ConfirmNo], card.AllActions.OfType<SubmitAction>().Select(a => a.Data[CardData.Action]));
    }

    [Fact]
    public void The_welcome_card_offers_only_what_the_user_may_do()
    {
        var customer = HelpdeskCards.Welcome("en", Requester.Customer("C-1"));
        var employee = HelpdeskCards.Welcome("id", Requester.Employee("EMP-1"));

        Assert.DoesNotContain(customer.AllActions.OfType<SubmitAction>(), a => a.Data[CardData.Intent].StartsWith("hr.", StringComparison.Ordinal));
        Assert.Contains(employee.AllActions.OfType<SubmitAction>(), a => a.Data[CardData.Intent] == "hr.leave_request");
        Assert.Equal("id", employee.Lang);
    }

    [Fact]
    public void A_submission_separates_the_bots_data_from_the_inputs_and_ignores_channel_objects()
    {
        var value = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["hdAction"] = "form.submit", ["hdRef"] = "form:4", ["hdForm"] = "hr.leave_request",
            ["start"] = "2026-12-21", ["urgent"] = true, ["msteams"] = new { type = "messageBack" },
        });

        var submission = CardSubmission.From(value)!;

        Assert.Equal("form.submit", submission.Action);
        Assert.Equal("form:4", submission.Ref);
        Assert.Equal("hr.leave_request", submission.Form);
        Assert.Equal(new Dictionary<string, string> { ["start"] = "2026-12-21", ["urgent"] = "true" }, submission.Inputs);
        Assert.Equal("[card] form.submit hr.leave_request; start: 2026-12-21; urgent: true", submission.Summary());
    }

    [Fact]
    public void A_value_without_the_action_marker_is_not_a_card_submission_unless_a_verb_names_it()
    {
        var value = JsonSerializer.SerializeToElement(new { start = "2026-12-21" });

        Assert.Null(CardSubmission.From(value));
        Assert.Null(CardSubmission.From(JsonSerializer.SerializeToElement("text")));
        Assert.Null(CardSubmission.From(null));
        Assert.Equal("confirm.yes", CardSubmission.From(value, verb: "confirm.yes")!.Action);
    }

    [Fact]
    public void Oversized_values_are_cut_and_too_many_inputs_are_refused()
    {
        var big = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["hdAction"] = "form.submit", ["details"] = new string('x', 10_000) });
        var many = JsonSerializer.SerializeToElement(
            Enumerable.Range(0, CardSubmission.MaxInputs + 1).ToDictionary(i => $"i{i}", i => "v").Append(new("hdAction", "form.submit")).ToDictionary());

        Assert.Equal(CardSubmission.MaxValueLength, CardSubmission.From(big)!.Inputs["details"].Length);
        Assert.Null(CardSubmission.From(many));
    }

    private static IEnumerable<string> Names(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => Names(p.Value!).Prepend(p.Key)),
        JsonArray a => a.SelectMany(e => Names(e!)),
        _ => [],
    };
}
