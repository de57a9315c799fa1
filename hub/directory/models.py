"""Per-site structure: the category tree (chuyên mục), menus, and the people directory."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hub.extensions import db
from tenants.isolation import TenantOwned


class Category(TenantOwned, db.Model):
    __tablename__ = "category"
    __table_args__ = (UniqueConstraint("tenant_id", "locale", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="RESTRICT"), index=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    parent: Mapped[Category | None] = relationship(remote_side="Category.id",
                                                   back_populates="children")
    children: Mapped[list[Category]] = relationship(back_populates="parent",
                                                    order_by="Category.position")

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"


class Menu(TenantOwned, db.Model):
    __tablename__ = "menu"
    __table_args__ = (UniqueConstraint("tenant_id", "locale", "location"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    location: Mapped[str] = mapped_column(String(40))  # "main", "footer", "links"
    items: Mapped[list[MenuItem]] = relationship(
        back_populates="menu", order_by="MenuItem.position", cascade="all, delete-orphan",
        primaryjoin="and_(Menu.id == MenuItem.menu_id, MenuItem.parent_id.is_(None))",
        overlaps="children,parent")


class MenuItem(TenantOwned, db.Model):
    __tablename__ = "menu_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    menu_id: Mapped[int] = mapped_column(ForeignKey("menu.id", ondelete="CASCADE"),
                                         index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("menu_item.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500), default="")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    menu: Mapped[Menu] = relationship(back_populates="items", overlaps="children,parent")
    parent: Mapped[MenuItem | None] = relationship(remote_side="MenuItem.id",
                                                   back_populates="children")
    children: Mapped[list[MenuItem]] = relationship(back_populates="parent",
                                                    order_by="MenuItem.position")


class Person(TenantOwned, db.Model):
    """An official in the contacts directory (Article 5.1.e: name, title, unit, phone,
    fax, email), with a short biography and duties for leaders."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")   # chức vụ
    unit: Mapped[str] = mapped_column(String(300), default="")    # đơn vị
    phone: Mapped[str] = mapped_column(String(40), default="")
    fax: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    biography: Mapped[str] = mapped_column(Text, default="")      # sanitised HTML
    duties: Mapped[str] = mapped_column(Text, default="")         # sanitised HTML
    is_leader: Mapped[bool] = mapped_column(default=False)
    photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)

    photo = relationship("Attachment")
