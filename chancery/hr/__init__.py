"""The department's HR registers, kept by the chancery clerk (DKS-II) and seen by the Director: employees, exits
during working hours with the monthly balance of private time (Labour Code art. 151 § 2¹), business trips settled
with the per-diem rates (Regulation of 29 January 2013, § 7), the yearly leave plan with the helpline's staffing,
the monthly attendance list, and job descriptions with their versions. Every look at a person's record is logged."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from cct import config, menu, slots, web
from cct.auth.roles import Role, add_permissions
from cct.demo import add_seeder
from chancery.hr import demo, views
from chancery.hr.schemas import HrSettings


def init_app(app: Flask) -> None:
    add_permissions(app, {"chancery.hr": frozenset({Role.CHANCERY, Role.SPOKESPERSON})})
    config.add_section(app, "hr", HrSettings)
    web.register_blueprint(app, views.bp)
    add_seeder(app, demo.seed)
    slots.fill(app, "audit.object_types", views.audit_object_types)
    menu.add(app, menu.Entry(_l("HR registers"), "chancery_hr.index", "chancery.hr", section="home"))
