using HelpdeskBot.Connectors.Orders;
using HelpdeskBot.Skills.Conversations;
using HelpdeskBot.Skills.Orders;

namespace HelpdeskBot.Skills.Tests.Orders;

public sealed class OrderReturnFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static readonly OrderAccess Customer = OrderAccess.SignedIn;

    private static OrderReturnFormState AskingReason(int failedAttempts = 0) => new()
    {
        LastActivityAt = Now,
        Question = OrderQuestion.ReturnReason,
        OrderNumber = "ORD-100600",
        RefundIdr = 750_000m,
        FailedAttempts = failedAttempts,
    };

    private static OrderReturnFormState Confirming(int failedAttempts = 0) =>
        AskingReason() with { Question = OrderQuestion.Confirmation, Reason = ReturnReason.Damaged, FailedAttempts = failedAttempts };

    [Fact]
    public void Begin_with_an_order_number_proceeds_to_the_check_and_without_one_asks()
    {
        Assert.Equal(OrderFormAction.Proceed, OrderReturnForm.Begin("ORD-100600", Customer, Now).Action);
        Assert.Equal(OrderFormAction.Ask, OrderReturnForm.Begin(null, Customer, Now).Action);
    }

    [Fact]
    public void An_allowed_check_asks_for_the_reason_and_remembers_the_refund()
    {
        var proceed = OrderReturnForm.Begin("ORD-100600", Customer, Now);

        var step = OrderReturnForm.AskReason(proceed.State!, 750_000m, Now);

        Assert.Equal(OrderFormAction.Ask, step.Action);
        Assert.Equal(AskingReason(), step.State);
        Assert.Equal("Apa alasan Anda meretur pesanan ORD-100600?", step.Prompt!.In(Languages.Indonesian));
    }

    [Theory]
    [InlineData("Damaged", ReturnReason.Damaged)]
    [InlineData("Rusak", ReturnReason.Damaged)]
    [InlineData("the item arrived broken", ReturnReason.Damaged)]
    [InlineData("Wrong item", ReturnReason.WrongItem)]
    [InlineData("Barang salah", ReturnReason.WrongItem)]
    [InlineData("Not as described", ReturnReason.NotAsDescribed)]
    [InlineData("tidak sesuai deskripsi", ReturnReason.NotAsDescribed)]
    [InlineData("No longer needed", ReturnReason.NoLongerNeeded)]
    [InlineData("Tidak diperlukan lagi", ReturnReason.NoLongerNeeded)]
    [InlineData("I changed my mind", ReturnReason.NoLongerNeeded)]
    [InlineData("Other", ReturnReason.Other)]
    [InlineData("Lainnya", ReturnReason.Other)]
    [InlineData("2", ReturnReason.WrongItem)]
    public void Reasons_are_read_from_buttons_numbers_and_words_in_both_languages(string input, ReturnReason expected)
    {
        Assert.Equal(expected, OrderReturnForm.ParseReason(input));
    }

    [Fact]
    public void A_reason_moves_on_to_the_confirmation()
    {
        var step = OrderReturnForm.NextTurn(AskingReason(), "Damaged", null, Customer, Now);

        Assert.Equal(OrderFormAction.Confirm, step.Action);
        Assert.Equal(Confirming(), step.State);
    }

    [Fact]
    public void Other_asks_for_a_short_description_which_then_goes_with_the_request()
    {
        var other = OrderReturnForm.NextTurn(AskingReason(), "Other", null, Customer, Now);
        var described = OrderReturnForm.NextTurn(other.State!, "  the colour is much darker than the photo ", null, Customer, Now);

        Assert.Equal(OrderQuestion.ReturnNote, other.State?.Question);
        Assert.Equal("Please describe the problem with order ORD-100600 in a few words.", other.Prompt!.In(Languages.English));
        Assert.Equal(OrderFormAction.Confirm, described.Action);
        Assert.Equal(ReturnReason.Other, described.State?.Reason);
        Assert.Equal("the colour is much darker than the photo", described.State?.Note);
    }

    [Fact]
    public void A_very_long_note_is_cut_to_the_maximum()
    {
        var noting = AskingReason() with { Question = OrderQuestion.ReturnNote, Reason = ReturnReason.Other };

        var step = OrderReturnForm.NextTurn(noting, new string('x', 2000), null, Customer, Now);

        Assert.Equal(OrderReturnForm.MaxNoteLength, step.State?.Note?.Length);
    }

    [Fact]
    public void An_unknown_reason_is_reprompted_with_the_choices_and_the_third_gives_up()
    {
        var first = OrderReturnForm.NextTurn(AskingReason(), "because", null, Customer, Now);
        var third = OrderReturnForm.NextTurn(AskingReason(failedAttempts: 2), "because", null, Customer, Now);

        Assert.Equal(
            "Sorry, I didn't catch the reason. I need one of: Damaged, Wrong item, Not as described, No longer needed, Other.",
            first.Prompt!.In(Languages.English));
        Assert.Equal(OrderFormAction.GiveUp, third.Action);
        Assert.Null(third.State);
    }

    [Theory]
    [InlineData("yes", OrderFormAction.Execute)]
    [InlineData("iya", OrderFormAction.Execute)]
    [InlineData("lanjut", OrderFormAction.Execute)]
    [InlineData("no", OrderFormAction.Declined)]
    [InlineData("nggak", OrderFormAction.Declined)]
    [InlineData("jangan", OrderFormAction.Declined)]
    [InlineData("what?", OrderFormAction.Ask)]
    public void The_confirmation_reads_yes_and_no_in_both_languages(string input, OrderFormAction expected)
    {
        Assert.Equal(expected, OrderReturnForm.NextTurn(Confirming(), input, null, Customer, Now).Action);
    }

    [Fact]
    public void No_at_the_confirmation_says_nothing_was_requested()
    {
        var step = OrderReturnForm.NextTurn(Confirming(), "no", null, Customer, Now);

        Assert.Equal("OK, I have not requested a return for order ORD-100600; nothing has changed.", step.Prompt!.In(Languages.English));
    }

    [Fact]
    public void Cancel_and_expiry_end_the_form_at_the_reason()
    {
        Assert.Equal(OrderFormAction.Cancelled, OrderReturnForm.NextTurn(AskingReason(), "batal", null, Customer, Now).Action);
        Assert.Equal(OrderFormAction.Expired, OrderReturnForm.NextTurn(AskingReason(), "Damaged", null, Customer, Now.AddMinutes(30)).Action);
    }

    [Theory]
    [InlineData("Damaged")]
    [InlineData("Other")]
    [InlineData("yes")]
    [InlineData("nonsense")]
    public void NextTurn_leaves_the_input_state_untouched(string input)
    {
        foreach (var state in new[] { AskingReason(1), Confirming(1) })
        {
            var snapshot = state with { };

            var step = OrderReturnForm.NextTurn(state, input, null, Customer, Now.AddMinutes(1));

            Assert.Equal(snapshot, state);
            Assert.NotSame(state, step.State);
        }
    }
}
