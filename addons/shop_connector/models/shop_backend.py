# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.exceptions import UserError

from ..providers import CaoClient, CaoSettings, ShopError
from ..providers.cao_client import endpoint_url

# The default order statuses of a modified shop, and what an import does with each.
DEFAULT_STATUSES = [
    (1, "Offen / Pending", True, "confirm"),
    (2, "In Bearbeitung / Processing", True, "confirm"),
    (3, "Versendet / Shipped", False, "confirm"),
    (4, "Storniert / Canceled", False, "cancel"),
]


class ShopBackend(models.Model):
    _name = "shop.backend"
    _description = "Webshop"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    shop_type = fields.Selection(
        [("modified_cao", "modified eCommerce 2.0 / 3.x (CAO-Faktura interface)")],
        default="modified_cao",
        required=True,
    )
    url = fields.Char(
        "Shop URL",
        required=True,
        tracking=True,
        help="The shop's base address (e.g. https://shop.example.com/); the connector calls "
        "export/cao_xtc.php below it. The shop's 'CAO Faktura' system module must be enabled.",
    )
    # Credentials: administrators only, never tracked or logged.
    cao_user = fields.Char(
        "CAO User",
        groups="base.group_system",
        copy=False,
        help="The e-mail address set in the shop's CAO Faktura module.",
    )
    cao_password = fields.Char(
        "CAO Password",
        groups="base.group_system",
        copy=False,
        help="The CAO Faktura module's password, or its md5 hex as the shop stores it.",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    team_id = fields.Many2one("crm.team", "Sales Team", check_company=True)
    # The company's first warehouse unless set (Odoo's own default when the salesperson has none):
    # given to each imported order instead of being looked up for each.
    warehouse_id = fields.Many2one(
        "stock.warehouse", check_company=True, compute="_compute_warehouse_id", store=True, readonly=False
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        check_company=True,
        help="Pricelist of imported orders; the order's prices always come from the shop.",
    )
    tz = fields.Selection(
        _tz_get,
        "Shop Time Zone",
        default="Europe/Berlin",
        required=True,
        help="The shop exports dates in its local time without a zone.",
    )
    lang_code = fields.Selection(
        "_shop_lang_selection",
        "Shop Language",
        default="de",
        required=True,
        help="Code of the shop language whose product names and descriptions are imported (de, en...).",
    )
    domain_ids = fields.One2many("shop.domain", "backend_id", "Shop Domains")
    # The shop's default statuses, shown on the form before it is first saved.
    status_ids = fields.One2many(
        "shop.order.status",
        "backend_id",
        "Order Statuses",
        default=lambda self: [
            fields.Command.create({"code": code, "name": name, "import_orders": imported, "step": step})
            for code, name, imported, step in DEFAULT_STATUSES
        ],
    )
    tax_map_ids = fields.One2many("shop.tax.map", "backend_id", "Tax Mapping")
    amount_tolerance = fields.Monetary(
        "Rounding Tolerance",
        default=0.02,
        currency_field="currency_id",
        help="Largest difference between the order total rebuilt in Odoo and the shop's total "
        "that counts as rounding. The shop sums unrounded amounts (e.g. 185.0045).",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    recheck_orders = fields.Integer(
        "Orders Read Again",
        default=20,
        help="Each import reads the last N imported orders again, to see status changes made in the shop.",
    )
    last_order_id = fields.Integer(
        "Last Imported Shop Order", readonly=True, help="Imports continue after this shop order id."
    )
    script_version = fields.Char("Interface Version", readonly=True)
    connection_state = fields.Selection(
        [("unknown", "Not Tested"), ("ok", "Connected"), ("error", "Error")],
        default="unknown",
        readonly=True,
    )
    last_error = fields.Text(readonly=True)

    _sql_constraints = [
        ("recheck_orders_positive", "CHECK(recheck_orders >= 0)", "Orders read again cannot be negative."),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.model
    def _shop_lang_selection(self):
        """The languages by their two-letter code, as the shop names them, with Odoo's names."""
        names = {}
        langs = self.env["res.lang"].with_context(active_test=False).search([("iso_code", "!=", False)])
        for lang in langs.sorted(lambda lang: "_" in lang.iso_code):
            names.setdefault(lang.iso_code.split("_")[0].lower(), lang.name)
        return sorted(names.items(), key=lambda item: item[1])

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        for backend in self:
            if backend.warehouse_id.company_id != backend.company_id:
                backend.warehouse_id = self.env["stock.warehouse"].search(
                    [("company_id", "=", backend.company_id.id)], limit=1
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        backends = super().create(vals_list)
        for backend in backends:
            if not backend.domain_ids:
                backend.domain_ids = [fields.Command.create({"name": backend._default_domain_name()})]
        return backends

    def write(self, vals):
        user = self.env.user
        if "url" in vals and not (self.env.su or user._is_superuser() or user.has_group("base.group_system")):
            # The password goes only to the host an administrator entered it for.
            moved = self.filtered(lambda b: endpoint_url(b.url) != endpoint_url(vals["url"]))
            moved.sudo().cao_password = False
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_test_connection(self):
        self.ensure_one()
        try:
            version = self._shop_client().version()
        except ShopError as exc:
            message = self._shop_error_message(exc)
            self.write({"connection_state": "error", "last_error": message})
            return self._shop_notify(message, "danger")
        self.write({"connection_state": "ok", "last_error": False, "script_version": version["script_ver"]})
        return self._shop_notify(
            self.env._(
                "Connected to %(shop)s: CAO interface version %(version)s (%(date)s).",
                shop=self.name,
                version=version["script_ver"],
                date=version["script_date"],
            ),
            "success",
        )

    def action_fill_tax_map(self):
        """Map each tax rate of the shop to the Odoo sales taxes of the same rate (price-excluded
        for net prices, price-included for gross prices), where the mapping has none yet."""
        self.ensure_one()
        try:
            rates = sorted({rate["rate"] for rate in self._shop_client().config()["tax_rates"]})
        except ShopError as exc:
            return self._shop_notify(self._shop_error_message(exc), "danger")
        Tax = self.env["account.tax"]
        missing = []
        for rate in rates:
            if self.tax_map_ids.filtered(lambda m, rate=rate: not m.country_id and abs(m.rate - rate) < 0.001):
                continue
            domain = [
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "=", rate),
                ("company_id", "=", self.company_id.id),
            ]
            net = Tax.search([*domain, ("price_include", "=", False)], limit=1)
            gross = Tax.search([*domain, ("price_include", "=", True)], limit=1)
            if not net:
                missing.append(f"{rate:g} %")
                continue
            self.tax_map_ids = [fields.Command.create({"rate": rate, "tax_id": net.id, "tax_gross_id": gross.id})]
        if missing:
            return self._shop_notify(
                self.env._(
                    "No Odoo sales tax for the shop's rates %s: create them, then fill the mapping again.",
                    ", ".join(missing),
                ),
                "warning",
            )
        return self._shop_notify(self.env._("Tax mapping filled from the shop's %s rates.", len(rates)), "success")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _default_domain_name(self):
        from urllib.parse import urlsplit

        return urlsplit(self.url or "").hostname or self.name

    def _shop_client(self):
        """The shop's API client. Reads the credentials as superuser: salespeople may push a
        status without being able to read the password."""
        self.ensure_one()
        backend = self.sudo()
        if not backend.cao_user or not backend.cao_password:
            raise UserError(self.env._("Enter the CAO user and password of %s first (administrators).", self.name))
        return CaoClient(CaoSettings(url=backend.url, user=backend.cao_user, password=backend.cao_password))

    def _shop_error_message(self, exc):
        """A translated sentence for a ShopError; never contains the credentials."""
        messages = {
            "login_refused": self.env._(
                "The shop %(shop)s refused the login, or its CAO Faktura module is off: it answered "
                "with an empty page. Check the CAO user and password and that the module is enabled."
            ),
            "unreachable": self.env._(
                "The shop %(shop)s cannot be reached at %(url)s: check that the shop is online and that "
                "its address is right."
            ),
            "web_page": self.env._(
                "The shop %(shop)s answered with a web page, not its CAO interface: check that the shop "
                "is not in maintenance mode, that its address is the shop's base URL, and that "
                "export/cao_xtc.php is reachable there without a login page."
            ),
            "timeout": self.env._("The shop %(shop)s did not answer in time (%(detail)s)."),
            "http": self.env._("The shop %(shop)s answered with an error (%(detail)s)."),
            "not_xml": self.env._(
                "The shop %(shop)s did not answer with XML (a PHP error page, or not a modified "
                "shop at this address): %(detail)s"
            ),
            "hostile": self.env._(
                "The answer of %(shop)s was refused: it carries a document type declaration "
                "(possible entity-expansion attack)."
            ),
            "too_large": self.env._("The answer of %(shop)s was refused: it is too large (%(detail)s)."),
            "protocol": self.env._("The shop %(shop)s gave an unexpected answer: %(detail)s"),
        }
        template = messages.get(exc.kind, messages["protocol"])
        return template % {"shop": self.name, "detail": exc.detail, "url": self.url}

    def _shop_notify(self, message, kind):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": kind,
                "sticky": kind == "danger",
                # The button changed the record (state, mapping, counts): show it.
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _shop_status(self, code):
        self.ensure_one()
        return self.status_ids.filtered(lambda s: s.code == code)[:1]

    def _shop_domain(self, shop_id):
        """The shop domain of a record: by the multi-shop SHOP_ID, else the first domain."""
        self.ensure_one()
        domains = self.domain_ids
        if shop_id:
            match = domains.filtered(lambda d: d.shop_code == str(shop_id))
            if match:
                return match[:1]
        return domains.filtered(lambda d: not d.shop_code)[:1] or domains[:1]
